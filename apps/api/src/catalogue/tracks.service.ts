import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TrackView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { CreateTrackDto, UpdateTrackDto } from './catalogue-admin.dto';
import { conflict } from './course-versions.repository';

/** 研修体系 (tracks) in the catalogue editor. Every change is audited in its transaction. */
@Injectable()
export class TracksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async listTracks(tenantId: number, manager: EntityManager = this.dataSource.manager): Promise<TrackView[]> {
    const rows: {
      code: string;
      name: string;
      description: string;
      sort_order: number;
      course_count: number;
    }[] = await manager.query(
      `SELECT t.code, t.name, t.description, t.sort_order,
                (SELECT count(*)::int FROM course c WHERE c.track_id = t.id) AS course_count
           FROM track t WHERE t.tenant_id = $1 ORDER BY t.sort_order, t.code`,
      [tenantId],
    );
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      description: r.description,
      sortOrder: r.sort_order,
      courseCount: r.course_count,
    }));
  }

  async createTrack(user: AuthUser, dto: CreateTrackDto): Promise<TrackView> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query(
        `INSERT INTO track (tenant_id, code, name, description, sort_order)
         SELECT $1, $2, $3, $4, coalesce(max(sort_order), 0) + 1 FROM track WHERE tenant_id = $1
         ON CONFLICT (tenant_id, code) DO NOTHING RETURNING id`,
        [user.tenantId, dto.code, dto.name, dto.description ?? ''],
      );
      if (inserted.length === 0) {
        throw conflict(
          'duplicate-code',
          'コードが重複しています',
          `研修体系のコード「${dto.code}」は既に使われています。`,
        );
      }
      await this.audit.record(
        {
          tenantId: user.tenantId,
          actor: user,
          action: 'track.created',
          target: dto.code,
          detail: { name: dto.name },
        },
        manager,
      );
      return this.trackOrFail(manager, user.tenantId, dto.code);
    });
  }

  async updateTrack(user: AuthUser, code: string, dto: UpdateTrackDto): Promise<TrackView> {
    return this.dataSource.transaction(async (manager) => {
      const [, updated] = await manager.query(
        `UPDATE track SET name = $3, description = coalesce($4, description), sort_order = coalesce($5, sort_order)
          WHERE tenant_id = $1 AND code = $2`,
        [user.tenantId, code, dto.name, dto.description ?? null, dto.sortOrder ?? null],
      );
      if (updated === 0) throw Problem.notFound(`研修体系「${code}」はありません。`);
      await this.audit.record(
        { tenantId: user.tenantId, actor: user, action: 'track.updated', target: code, detail: { ...dto } },
        manager,
      );
      return this.trackOrFail(manager, user.tenantId, code);
    });
  }

  private async trackOrFail(manager: EntityManager, tenantId: number, code: string): Promise<TrackView> {
    const track = (await this.listTracks(tenantId, manager)).find((t) => t.code === code);
    if (!track) throw Problem.notFound(`研修体系「${code}」はありません。`);
    return track;
  }

  /** The track's id, or a 422 naming the field: a missing track is a wrong input, not a missing resource. */
  async trackIdForInput(manager: EntityManager, tenantId: number, trackCode: string): Promise<number> {
    const [track] = await manager.query(`SELECT id FROM track WHERE tenant_id = $1 AND code = $2`, [
      tenantId,
      trackCode,
    ]);
    if (!track)
      throw Problem.validation([{ field: 'trackCode', message: `研修体系「${trackCode}」はありません。` }]);
    return track.id;
  }
}
