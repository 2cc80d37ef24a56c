/** Domain and folder paths as the service names them. */

/** Last component: 'data.h5' for '/home/ana/data.h5', 'home/ana/data.h5' and '/home/ana/data.h5/'; '' for '/'. */
export function baseName(path: string): string {
  const parts = path.split('/').filter((part) => part !== '');
  return parts.length ? parts[parts.length - 1] : '';
}
