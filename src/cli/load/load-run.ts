/** The state of loading one source file into one domain, shared by the steps of hsload. */
import type { DomainSession } from '../../client/index.js';
import type { DatasetInfo, Hdf5Locator } from '../../h5file/index.js';
import type { H5ObjectProperties } from '../../h5file/h5-object-properties.js';
import type { H5Reader, ReadContext } from '../../h5file/h5-reader.js';
import type { CliLogger } from '../common/logger.js';
import type { Recompression } from './filter-mapping.js';
import type { JournalState, LoadJournal } from './load-journal.js';
import type { LoadProgress } from '../common/load-progress.js';

export type DataLoad = 'copy' | 'link' | 'none';

export interface LoadSettings {
  dataload: DataLoad;
  /** Link mode: the file_uri the server reads the source by. */
  fileUri?: string;
  ignoreFilters: boolean;
  recompress?: Recompression;
  /** --extend: the dimension scale name, and where along it this file's data goes (default: the end). */
  extend?: { dim: string; offset?: number };
  /** Objects that exist already are kept (append, --extend after the first file). */
  keepExisting: boolean;
}

const COLLECTIONS: Record<string, string> = { g: 'groups', d: 'datasets', t: 'datatypes' };

export class LoadRun implements ReadContext {
  /** Source object address → id of its copy in the domain. */
  readonly ids = new Map<bigint, string>();
  /** Objects made by this load (their attributes are copied; existing ones are left alone). */
  readonly created = new Set<bigint>();
  /** Of those, the ones made since this process started (not by an interrupted run). */
  readonly createdNow = new Set<bigint>();
  readonly littleEndianVariableCompounds = true;
  private locator?: Promise<Hdf5Locator>;
  /** Makes datasets' raw data readable in the source before their values are read (see ResolvedSource). */
  ensureData: (datasetPaths: string[]) => Promise<void> = async () => undefined;

  constructor(
    readonly reader: H5Reader,
    readonly props: H5ObjectProperties,
    readonly session: DomainSession,
    readonly settings: LoadSettings,
    readonly journal: LoadJournal,
    readonly resumed: JournalState | undefined,
    readonly progress: LoadProgress,
    readonly log: CliLogger,
    /** Reports a problem the load goes on after (printed above the progress line). */
    readonly warn: (message: string) => void,
    /** Reports a choice made along the way (in the log; printed with --verbose). */
    readonly note: (message: string) => void,
  ) {}

  /** An object reference in REST form: "datasets/d-…", '' for objects that were not copied. */
  reference(address: bigint): string {
    const id = this.ids.get(address);
    return id ? `${COLLECTIONS[id[0]]}/${id}` : '';
  }

  /** Where a dataset's raw data lies in the source file (link mode). */
  locate(path: string): Promise<DatasetInfo> {
    this.locator ??= this.props.locator();
    return this.locator.then((l) => l.dataset(path));
  }

  /** Records the copy of a source object. */
  adopt(address: bigint, id: string, created: boolean): void {
    this.ids.set(address, id);
    if (created) {
      this.created.add(address);
      this.createdNow.add(address);
    }
    this.journal.object(address, id);
  }
}
