import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Site-wide totals kept in the same transaction as the rows they count (the unfiltered list's total). */
@Entity('counters')
export class CounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name!: string;

  @Column({ type: 'int', default: 0 })
  value!: number;
}
