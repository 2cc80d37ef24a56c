/**
 * Open domain views follow what is done to their domains in HDF Domains: a view of a renamed or moved domain
 * reopens at the new path (its selection kept), one of a deleted domain (or of a domain in a deleted folder)
 * closes, and one of a domain replaced by an upload reads it again.
 */
import type { Contents } from '@jupyterlab/services';
import type { ISignal } from '@lumino/signaling';

/** What the plugin's tracker of domain views offers for this. */
export interface DomainViews {
  /** Each open view's domain, with what to do to it. */
  forEach(visit: (view: { domain: string; selectedPath?: string; close(): void; reload(): void }) => void): void;
  /** Opens a view of `domain`, selecting `path` in it. */
  open(domain: string, path?: string): void;
}

/** The domain or folder a global path of the drive names ('HDF:home/ana/x.h5' → '/home/ana/x.h5'). */
function domainAt(globalPath: string | undefined, driveName: string): string | undefined {
  const prefix = `${driveName}:`;
  if (!globalPath?.startsWith(prefix)) return undefined;
  return '/' + globalPath.slice(prefix.length).split('/').filter((part) => part !== '').join('/');
}

const within = (domain: string, path: string) => domain === path || domain.startsWith(path.endsWith('/') ? path : `${path}/`);

export function followDrive(fileChanged: ISignal<Contents.IManager, Contents.IChangedArgs>, driveName: string, views: DomainViews): void {
  fileChanged.connect((_, change) => {
    const before = domainAt(change.oldValue?.path ?? undefined, driveName);
    const after = domainAt(change.newValue?.path ?? undefined, driveName);
    if (change.type === 'delete' && before) {
      views.forEach((view) => within(view.domain, before) && view.close());
    } else if (change.type === 'rename' && before && after) {
      views.forEach((view) => {
        if (!within(view.domain, before)) return;
        views.open(after + view.domain.slice(before.length), view.selectedPath);
        view.close();
      });
    } else if (change.type === 'save' && after) {
      views.forEach((view) => view.domain === after && view.reload());
    }
  });
}
