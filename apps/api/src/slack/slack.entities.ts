import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A tenant's Slack incoming webhook: its default channel (`org_unit_code` '') or a 所属's. The URL is stored only
 * sealed (AES-256-GCM, udemy-sync/secret-box.ts); its host is kept apart for display. Read and written with SQL by
 * SlackRepository; the entity keeps the schema check (migrations agree with the entities) honest.
 */
@Entity('slack_webhook')
export class SlackWebhook {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_slack_webhook' })
  tenantId: number;

  @PrimaryColumn({
    name: 'org_unit_code',
    type: 'varchar',
    length: 20,
    default: '',
    primaryKeyConstraintName: 'pk_slack_webhook',
  })
  orgUnitCode: string;

  @Column({ name: 'url_ciphertext', type: 'text' })
  urlCiphertext: string;

  @Column({ type: 'varchar', length: 255 })
  host: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** One notice handed out (a reminder or a digest, Slack or e-mail) and its outcome: pending, sent or failed. */
@Entity('notification_delivery')
@Index('idx_notification_delivery_failed', ['tenantId', 'updatedAt'], { where: `"status" = 'failed'` })
export class NotificationDelivery {
  @PrimaryColumn({ name: 'tenant_id', type: 'int', primaryKeyConstraintName: 'pk_notification_delivery' })
  tenantId: number;

  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_notification_delivery' })
  id: number;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  @Column({ type: 'varchar', length: 10 })
  channel: string;

  @Column({ type: 'varchar', length: 320 })
  target: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
