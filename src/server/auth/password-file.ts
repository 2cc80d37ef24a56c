/**
 * HSDS password file: `username:password` lines, `#` comments, blank lines ignored. Besides HSDS's plain-text
 * passwords, a password may be stored hashed: bcrypt (`$2a$`/`$2b$`/`$2y$`, e.g. from `htpasswd -B`) or
 * `scrypt$<N>$<r>$<p>$<salt b64>$<key b64>` (what `h5lab hash-password` prints).
 */
import { readFileSync } from 'node:fs';
import { scryptSync, randomBytes, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

export class PasswordFileError extends Error {}

export function parsePasswordFile(text: string, source = 'password file'): Map<string, string> {
  const users = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new PasswordFileError(`${source} line ${i + 1}: expected username:password`);
    const user = line.slice(0, colon).trim();
    const secret = line.slice(colon + 1).trim();
    if (!/^[^\s:/]+$/.test(user)) throw new PasswordFileError(`${source} line ${i + 1}: invalid username`);
    if (secret.length === 0) throw new PasswordFileError(`${source} line ${i + 1}: empty password for ${user}`);
    users.set(user, secret);
  });
  return users;
}

export function loadPasswordFile(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PasswordFileError(`cannot read password file ${file}: ${(e as Error).message}`);
  }
  return parsePasswordFile(text, file);
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyPassword(stored: string, given: string): boolean {
  if (/^\$2[aby]\$\d\d\$/.test(stored)) return bcrypt.compareSync(given, stored);
  if (stored.startsWith('scrypt$')) {
    const [, n, r, p, salt, key] = stored.split('$');
    const expected = Buffer.from(key, 'base64');
    const actual = scryptSync(given, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
    return timingSafeEqual(actual, expected);
  }
  return constantTimeEqual(stored, given);
}

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const N = 16384, r = 8, p = 1;
  const key = scryptSync(password, salt, 32, { N, r, p });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}
