import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Injectable,
  Param,
  PipeTransform,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type {
  CourseEditorView,
  CourseListItem,
  ModuleAdminView,
  QuestionView,
  TrackView,
  VersionView,
} from '@dx/contract';
import type { AuthUser } from '../common/auth-user';
import { Allow, CurrentUser } from '../common/decorators';
import { Problem } from '../common/problem';
import {
  CreateCourseDto,
  CreateTrackDto,
  ModuleDto,
  ModuleOrderDto,
  QuestionDto,
  UpdateCourseDto,
  UpdateTrackDto,
} from './catalogue-admin.dto';
import { CoursesService } from './courses.service';
import { ModulesService } from './modules.service';
import { TracksService } from './tracks.service';

/** A numeric id in the path; anything else (or out of the int range) names nothing: 404. */
@Injectable()
class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{1,9}$/.test(value)) throw Problem.notFound('指定されたものは見つかりません。');
    return Number(value);
  }
}

/** 研修管理: the content administrator's catalogue editor. Tenant-wide, so no org scope applies. */
@ApiTags('catalogue-admin')
@ApiBearerAuth()
@Allow('catalogue.edit')
@Controller('catalogue')
export class CatalogueAdminController {
  constructor(
    private readonly trackService: TracksService,
    private readonly courseService: CoursesService,
    private readonly moduleService: ModulesService,
  ) {}

  // --- Tracks ---------------------------------------------------------------------------------------------

  @Get('tracks')
  tracks(@CurrentUser() user: AuthUser): Promise<TrackView[]> {
    return this.trackService.listTracks(user.tenantId);
  }

  @Post('tracks')
  @HttpCode(201)
  createTrack(@CurrentUser() user: AuthUser, @Body() body: CreateTrackDto): Promise<TrackView> {
    return this.trackService.createTrack(user, body);
  }

  @Put('tracks/:code')
  updateTrack(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: UpdateTrackDto,
  ): Promise<TrackView> {
    return this.trackService.updateTrack(user, code, body);
  }

  // --- Courses --------------------------------------------------------------------------------------------

  @Get('courses')
  courses(@CurrentUser() user: AuthUser): Promise<CourseListItem[]> {
    return this.courseService.listCourses(user.tenantId);
  }

  @Post('courses')
  @HttpCode(201)
  createCourse(@CurrentUser() user: AuthUser, @Body() body: CreateCourseDto): Promise<CourseEditorView> {
    return this.courseService.createCourse(user, body);
  }

  @Get('courses/:code')
  course(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<CourseEditorView> {
    return this.courseService.course(user.tenantId, code);
  }

  @Put('courses/:code')
  updateCourse(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: UpdateCourseDto,
  ): Promise<CourseEditorView> {
    return this.courseService.updateCourse(user, code, body);
  }

  // --- The draft version ----------------------------------------------------------------------------------

  /** Starts the draft (a copy of the published version); does nothing when there is one already. */
  @Post('courses/:code/draft')
  @HttpCode(200)
  createDraft(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<CourseEditorView> {
    return this.courseService.createDraft(user, code);
  }

  @Delete('courses/:code/draft')
  @HttpCode(204)
  discardDraft(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<void> {
    return this.courseService.discardDraft(user, code);
  }

  @Post('courses/:code/draft/modules')
  @HttpCode(201)
  addModule(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: ModuleDto,
  ): Promise<ModuleAdminView> {
    return this.moduleService.addModule(user, code, body);
  }

  @Put('courses/:code/draft/modules/:moduleId')
  updateModule(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('moduleId', IdPipe) moduleId: number,
    @Body() body: ModuleDto,
  ): Promise<ModuleAdminView> {
    return this.moduleService.updateModule(user, code, moduleId, body);
  }

  @Delete('courses/:code/draft/modules/:moduleId')
  @HttpCode(204)
  deleteModule(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('moduleId', IdPipe) moduleId: number,
  ): Promise<void> {
    return this.moduleService.deleteModule(user, code, moduleId);
  }

  @Put('courses/:code/draft/order')
  reorder(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() body: ModuleOrderDto,
  ): Promise<VersionView> {
    return this.moduleService.reorderModules(user, code, body.moduleIds);
  }

  @Post('courses/:code/draft/modules/:moduleId/questions')
  @HttpCode(201)
  addQuestion(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('moduleId', IdPipe) moduleId: number,
    @Body() body: QuestionDto,
  ): Promise<QuestionView> {
    return this.moduleService.addQuestion(user, code, moduleId, body);
  }

  @Put('courses/:code/draft/modules/:moduleId/questions/:questionId')
  updateQuestion(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('moduleId', IdPipe) moduleId: number,
    @Param('questionId', IdPipe) questionId: number,
    @Body() body: QuestionDto,
  ): Promise<QuestionView> {
    return this.moduleService.updateQuestion(user, code, moduleId, questionId, body);
  }

  @Delete('courses/:code/draft/modules/:moduleId/questions/:questionId')
  @HttpCode(204)
  deleteQuestion(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Param('moduleId', IdPipe) moduleId: number,
    @Param('questionId', IdPipe) questionId: number,
  ): Promise<void> {
    return this.moduleService.deleteQuestion(user, code, moduleId, questionId);
  }

  @Post('courses/:code/publish')
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<CourseEditorView> {
    return this.courseService.publish(user, code);
  }
}
