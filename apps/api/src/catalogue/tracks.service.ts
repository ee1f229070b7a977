import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { TrackView } from '@dx/contract';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth-user';
import { Problem } from '../common/problem';
import type { CreateTrackDto, UpdateTrackDto } from './catalogue-admin.dto';
import { conflict } from './course-versions.repository';
import { CoursesRepository } from './courses.repository';

/** 研修体系 (tracks) in the catalogue editor. Every change is audited in its transaction. */
@Injectable()
export class TracksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CoursesRepository,
    private readonly audit: AuditService,
  ) {}

  async listTracks(tenantId: number, manager: EntityManager = this.dataSource.manager): Promise<TrackView[]> {
    const rows = await this.repository.findTracks(manager, tenantId);
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
      const created = await this.repository.insertTrack(manager, user.tenantId, {
        code: dto.code,
        name: dto.name,
        description: dto.description ?? '',
      });
      if (!created) {
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
      const updated = await this.repository.updateTrack(manager, user.tenantId, code, {
        name: dto.name,
        description: dto.description ?? null,
        sortOrder: dto.sortOrder ?? null,
      });
      if (!updated) throw Problem.notFound(`研修体系「${code}」はありません。`);
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
    const trackId = await this.repository.findTrackId(manager, tenantId, trackCode);
    if (trackId === undefined)
      throw Problem.validation([{ field: 'trackCode', message: `研修体系「${trackCode}」はありません。` }]);
    return trackId;
  }
}
