import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** One reminder about one assignment, sent on one day: a person is not reminded twice a day for a course. */
@Entity('reminder')
@Unique('uq_reminder_per_day', ['enrollmentId', 'sentOn'])
@Index('ix_reminder_tenant', ['tenantId', 'sentAt'])
@Index('ix_reminder_staff', ['staffId', 'sentOn'])
export class Reminder {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'enrollment_id', type: 'int' })
  enrollmentId: number;

  @Column({ name: 'staff_id', type: 'int' })
  staffId: number;

  @Column({ name: 'sent_by', type: 'int' })
  sentBy: number;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;

  /** The Asia/Tokyo day of sending. */
  @Column({ name: 'sent_on', type: 'date' })
  sentOn: string;

  @Column({ name: 'email', type: 'text' })
  email: string;
}
