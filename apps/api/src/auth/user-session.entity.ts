import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { AppUser } from '../users/user.entity';

/**
 * One sign-in: its token carries the id, so a session that was idle longer than SESSION_IDLE_MINUTES ends even
 * though its token has not expired, and the next sign-in can show when and from where the previous one was.
 */
@Entity('user_session')
@Index('ix_user_session_user', ['userId', 'createdAt'])
export class UserSession {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  sid: string;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId: number;

  @Column({ name: 'user_id', type: 'int' })
  userId: number;

  @Column({ type: 'text' })
  ip: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  /** An OpenID Connect sign-in's ID token, sealed: the `id_token_hint` of its single logout. */
  @Column({ name: 'oidc_id_token', type: 'text', nullable: true })
  oidcIdToken: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<AppUser>;
}
