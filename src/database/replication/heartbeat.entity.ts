import { Column, Entity, PrimaryColumn } from 'typeorm';

export const HEARTBEAT_ID = 1;

/**
 * One row that the app writes on the primary every check interval (UTC, microseconds). A replica's
 * copy shows how far behind it is: its lag is the age of the newest beat it has applied. Used only
 * when DB_READ_HOSTS is set; the table exists on both dialects so their schemas stay the same.
 */
@Entity('replication_heartbeat')
export class ReplicationHeartbeatEntity {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'datetime', precision: 6 })
  beat!: Date;
}
