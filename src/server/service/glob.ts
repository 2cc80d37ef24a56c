/** Glob patterns of `pattern=` parameters (`*`, `?`, `[abc]`, `[!a-z]`), matched against a whole name. */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let src = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        src += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      src += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else src += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  re = new RegExp(src + '$', 's');
  cache.set(pattern, re);
  return re;
}

export function globMatch(name: string, pattern: string): boolean {
  return globToRegExp(pattern).test(name);
}
