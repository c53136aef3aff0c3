import { BackupContents } from './contents';
import { Manifest } from './manifest';

/** What restoreBackup needs of a dialect; nothing but `load` may change the target. */
export interface RestoreTarget {
  /** How many tables the target database has (0: empty, or not there yet). */
  tableCount(): Promise<number>;
  /** The archive's data read again, by the manifest's tables (`FILE is damaged or truncated` when it breaks). */
  readData(file: string, manifest: Manifest): Promise<BackupContents>;
  /** Puts the data into the target, replacing what is there when `force`. */
  load(file: string, manifest: Manifest, force: boolean): Promise<void>;
  /** Removes what readData left behind (a SQLite restore's extracted file). */
  cleanup(): Promise<void>;
}
