// Request bodies of the catalogue editor (研修管理); the shapes it answers with are in @dx/contract. Every body is
// checked at the door by the global ValidationPipe (whitelist, forbidNonWhitelisted): a module's `content` is validated
// against the class of its `kind`, a rule's trigger and due date against the RuleTrigger / DueRule kinds of @dx/contract.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
import {
  type AssignmentContent,
  type DueRule,
  type DueRuleInput,
  EMPLOYMENT_TYPES,
  type EmploymentType,
  type ExternalContent,
  type LessonContent,
  type LiveContent,
  type PackageContent,
  QUIZ_ANSWER_REVEALS,
  type QuizAnswerReveal,
  type RuleInput,
  type RuleTrigger,
  type RuleTriggerInput,
} from '@dx/contract';
import { DSS_CODES, unknownDssCodes } from '@dx/domain';
import { MODULE_KINDS, type ModuleKind } from './catalogue.entities';
import { RecurrenceDto } from './recurrence.dto';

// --- Limits -------------------------------------------------------------------------------------------------

export const MAX_MARKDOWN_CHARS = 20_000;
export const MAX_ASSIGNMENT_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_CHOICES = 20;
export const MAX_RULES = 50;

const TRACK_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$/;
const COURSE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** ISO 8601 date and time with an offset (Z or ±hh:mm), as LiveContent stores it: 2026-06-01T13:30:00+09:00. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const FILE_EXTENSION = /^\.?[A-Za-z0-9]{1,10}$/;

const HTTPS_URL = { protocols: ['https'], require_protocol: true, require_tld: false };
const HTTPS_MESSAGE = 'https:// で始まるURLを入力してください。';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A check that reads the other fields of the object (class-validator's escape hatch), with a Japanese message. */
function Check(
  name: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  message: string,
  options?: ValidationOptions,
) {
  return ValidateBy({ name, validator: { validate: test, defaultMessage: () => message } }, options);
}

/** An integer within [min, max]: one check, so a missing or wrong value gets one message, not three. */
function IntRange(min: number, max: number, message: string, options?: ValidationOptions) {
  return Check(
    'intRange',
    (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
    message,
    options,
  );
}

/** A list of デジタルスキル標準 codes: the message names every code that is not in the taxonomy. */
function DssCodeList(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'dssCodeList',
      validator: {
        validate: (value) =>
          Array.isArray(value) &&
          value.every((code) => typeof code === 'string') &&
          unknownDssCodes(value as string[]).length === 0,
        defaultMessage: (args?: ValidationArguments) => {
          const value: unknown = args?.value;
          if (!Array.isArray(value) || !value.every((code) => typeof code === 'string'))
            return 'デジタルスキル標準のコードを文字列の配列で指定してください。';
          const unknown = unknownDssCodes(value as string[]);
          return `デジタルスキル標準にないコードです: ${unknown.map((code) => `「${code}」`).join('、')}。`;
        },
      },
    },
    options,
  );
}

// --- Tracks (研修体系) -------------------------------------------------------------------------------------

export class CreateTrackDto {
  @ApiProperty({ example: 'DX-EXTRA' })
  @Transform(trim)
  @IsString({ message: 'コードを入力してください。' })
  @Matches(TRACK_CODE, { message: 'コードは英数字・ハイフン・下線で30文字以内で入力してください。' })
  code: string;

  @ApiProperty({ example: '管理職向けDX研修' })
  @Transform(trim)
  @IsString({ message: '名称を入力してください。' })
  @IsNotEmpty({ message: '名称を入力してください。' })
  @MaxLength(100, { message: '名称は100文字以内で入力してください。' })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '説明は文字列で入力してください。' })
  @MaxLength(2000, { message: '説明は2,000文字以内で入力してください。' })
  description?: string;
}

export class UpdateTrackDto {
  @ApiProperty()
  @Transform(trim)
  @IsString({ message: '名称を入力してください。' })
  @IsNotEmpty({ message: '名称を入力してください。' })
  @MaxLength(100, { message: '名称は100文字以内で入力してください。' })
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '説明は文字列で入力してください。' })
  @MaxLength(2000, { message: '説明は2,000文字以内で入力してください。' })
  description?: string;

  @ApiPropertyOptional({ description: '表示順（小さいほど先）' })
  @IsOptional()
  @IntRange(0, 999, '表示順は0〜999の整数で入力してください。')
  sortOrder?: number;
}

// --- Courses --------------------------------------------------------------------------------------------------

export class UpdateCourseDto {
  @ApiProperty({ example: 'KAISO' })
  @IsString({ message: '研修体系を選んでください。' })
  @IsNotEmpty({ message: '研修体系を選んでください。' })
  trackCode: string;

  @ApiProperty({ example: '新任所属長研修（DXリーダーシップ）' })
  @Transform(trim)
  @IsString({ message: '研修名を入力してください。' })
  @IsNotEmpty({ message: '研修名を入力してください。' })
  @MaxLength(200, { message: '研修名は200文字以内で入力してください。' })
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '説明は文字列で入力してください。' })
  @MaxLength(4000, { message: '説明は4,000文字以内で入力してください。' })
  description?: string;

  @ApiProperty({ example: 60 })
  @IntRange(0, 10_000, '所要時間（分）は0〜10,000の整数で入力してください。')
  estimatedMinutes: number;

  @ApiPropertyOptional({
    description:
      'デジタルスキル標準のコード（@dx/domain digital-skill-standard.ts）。省略時は変更しない（新規は空）',
    example: ['lit.why', 'lit.how.caution'],
    isArray: true,
    enum: DSS_CODES,
  })
  @IsOptional()
  @ArrayMaxSize(DSS_CODES.length, { message: 'デジタルスキル標準のコードが多すぎます。' })
  @DssCodeList()
  dssCodes?: string[];
  // Recertification (更新): recurrence.dto.ts. Absent: unchanged (a new course does not recur).
  @ApiPropertyOptional({ type: () => RecurrenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto;
}

export class CreateCourseDto extends UpdateCourseDto {
  @ApiProperty({ example: 'KAISO-NEWCOURSE' })
  @Transform(trim)
  @IsString({ message: '研修コードを入力してください。' })
  @Matches(COURSE_CODE, { message: '研修コードは英数字・ハイフン・下線で40文字以内で入力してください。' })
  code: string;
}

// --- Module content, one class per kind (see default-catalogue.ts) ----------------------------------------------

export class LessonContentDto implements LessonContent {
  @ApiProperty({ description: `Markdown（${MAX_MARKDOWN_CHARS}文字以内）` })
  @IsString({ message: '本文を入力してください。' })
  @IsNotEmpty({ message: '本文を入力してください。' })
  @MaxLength(MAX_MARKDOWN_CHARS, { message: '本文は20,000文字以内で入力してください。' })
  markdown: string;

  @ApiPropertyOptional({ example: 'https://intranet.pref.example.lg.jp/videos/dx.mp4' })
  @IsOptional()
  @IsUrl(HTTPS_URL, { message: `動画のURLは${HTTPS_MESSAGE}` })
  @MaxLength(2000, { message: '動画のURLは2,000文字以内で入力してください。' })
  videoUrl?: string;
}

export class QuizContentDto {
  @ApiProperty({ example: 80 })
  @IntRange(0, 100, '合格点は0〜100の整数で入力してください。')
  passMark: number;

  @ApiProperty({ example: 3 })
  @IntRange(1, 10, '受験回数の上限は1〜10の整数で入力してください。')
  attemptLimit: number;

  @ApiPropertyOptional({ description: '毎回出題する問題数（null: すべて出題）', nullable: true })
  @IsOptional()
  @IntRange(1, 200, '出題数は1〜200の整数で入力してください（すべて出題する場合は空欄）。')
  drawCount?: number | null;

  @ApiPropertyOptional({
    enum: QUIZ_ANSWER_REVEALS,
    description:
      '不合格で受験回数が残るときに正答を表示するか（省略時 after_pass_or_last_attempt: 合格後または最後の受験後にだけ表示）',
  })
  @IsOptional()
  @IsIn(QUIZ_ANSWER_REVEALS, {
    message: '正答の表示は「合格後または最後の受験後」か「毎回の受験後」を選んでください。',
  })
  revealCorrectAnswers?: QuizAnswerReveal;
}

export class ExternalContentDto implements ExternalContent {
  @ApiProperty({ enum: ['udemy_business', 'other'] })
  @IsIn(['udemy_business', 'other'], { message: '提供元は「Udemy Business」か「その他」を選んでください。' })
  provider: 'udemy_business' | 'other';

  @ApiPropertyOptional({ description: '外部の講座ID（修了の取込で照合）' })
  @IsOptional()
  @IsString({ message: '講座IDは文字列で入力してください。' })
  @MaxLength(100, { message: '講座IDは100文字以内で入力してください。' })
  courseId?: string;

  @ApiProperty({ example: 'https://example.udemy.com/course/dx-basics/' })
  @IsUrl(HTTPS_URL, { message: `講座のURLは${HTTPS_MESSAGE}` })
  @MaxLength(2000, { message: '講座のURLは2,000文字以内で入力してください。' })
  url: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: '補足は文字列で入力してください。' })
  @MaxLength(2000, { message: '補足は2,000文字以内で入力してください。' })
  note?: string;
}

export class LiveContentDto implements LiveContent {
  @ApiProperty({ enum: ['集合研修', 'Web会議'] })
  @IsIn(['集合研修', 'Web会議'], { message: '形式は「集合研修」または「Web会議」を選んでください。' })
  format: '集合研修' | 'Web会議';

  @ApiProperty({ example: '2026-06-01T13:30:00+09:00' })
  @Matches(ISO_DATE_TIME, { message: '開始日時は 2026-06-01T13:30:00+09:00 の形式で入力してください。' })
  @Check('validDateTime', (value) => !Number.isNaN(Date.parse(String(value))), '開始日時が正しくありません。')
  startsAt: string;

  @ApiProperty({ example: '2026-06-01T16:30:00+09:00' })
  @Matches(ISO_DATE_TIME, { message: '終了日時は 2026-06-01T16:30:00+09:00 の形式で入力してください。' })
  @Check('validDateTime', (value) => !Number.isNaN(Date.parse(String(value))), '終了日時が正しくありません。')
  @Check(
    'endsAfterStart',
    (value, args) => Date.parse(String(value)) > Date.parse(String((args.object as LiveContentDto).startsAt)),
    '終了日時は開始日時より後にしてください。',
  )
  endsAt: string;

  @ApiPropertyOptional({ example: '県庁本館 5階 大会議室' })
  @IsOptional()
  @IsString({ message: '会場は文字列で入力してください。' })
  @MaxLength(200, { message: '会場は200文字以内で入力してください。' })
  place?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(HTTPS_URL, { message: `会議のURLは${HTTPS_MESSAGE}` })
  @MaxLength(2000, { message: '会議のURLは2,000文字以内で入力してください。' })
  meetingUrl?: string;

  @ApiProperty({ example: 40 })
  @IntRange(1, 100_000, '定員は1〜100,000の整数で入力してください。')
  capacity: number;
}

export class AssignmentContentDto implements AssignmentContent {
  @ApiProperty()
  @IsString({ message: '課題の説明を入力してください。' })
  @IsNotEmpty({ message: '課題の説明を入力してください。' })
  @MaxLength(MAX_MARKDOWN_CHARS, { message: '課題の説明は20,000文字以内で入力してください。' })
  instructions: string;

  @ApiProperty()
  @IsBoolean({ message: 'ファイル添付の可否は true / false で指定してください。' })
  allowFile: boolean;

  @ApiProperty({ example: ['pdf', 'docx', 'xlsx'] })
  @IsArray({ message: '添付できるファイルの種類は配列で指定してください。' })
  @ArrayMaxSize(20, { message: '添付できるファイルの種類は20個までです。' })
  @Matches(FILE_EXTENSION, {
    each: true,
    message: 'ファイルの種類は pdf のような英数字の拡張子で入力してください。',
  })
  allowedExtensions: string[];

  @ApiProperty({ example: 10 * 1024 * 1024 })
  @IntRange(
    1,
    MAX_ASSIGNMENT_FILE_BYTES,
    'ファイルの上限サイズは1バイト〜20MB（20,971,520バイト）の整数で入力してください。',
  )
  maxFileBytes: number;
}

/** An e-learning package uploaded before (POST /catalogue/packages): the module plays it. */
export class PackageContentDto implements PackageContent {
  @ApiProperty({ example: 1 })
  @IntRange(1, 999_999_999, '教材パッケージを選んでください（先にZIPファイルをアップロードします）。')
  packageId: number;
}

/** Stands in for the content when the kind itself is wrong: only the kind's error is reported. */
class UnknownKindContent {}

export const CONTENT_CLASSES: Record<ModuleKind, new () => object> = {
  lesson: LessonContentDto,
  quiz: QuizContentDto,
  external: ExternalContentDto,
  live: LiveContentDto,
  assignment: AssignmentContentDto,
  package: PackageContentDto,
};

export const MODULE_KIND_LABELS: Record<ModuleKind, string> = {
  lesson: '講義',
  quiz: '確認テスト',
  external: '外部講座',
  live: 'ライブ研修',
  assignment: '課題',
  package: '教材パッケージ（SCORM）',
};

export class ModuleDto {
  @ApiProperty({ enum: MODULE_KINDS })
  @IsIn(MODULE_KINDS, {
    message: 'モジュールの種類は lesson・quiz・external・live・assignment・package のいずれかです。',
  })
  kind: ModuleKind;

  @ApiProperty({ example: '県庁DXとは何か' })
  @Transform(trim)
  @IsString({ message: 'モジュール名を入力してください。' })
  @IsNotEmpty({ message: 'モジュール名を入力してください。' })
  @MaxLength(200, { message: 'モジュール名は200文字以内で入力してください。' })
  title: string;

  @ApiProperty({ description: '修了に必須か' })
  @IsBoolean({ message: '必須かどうかは true / false で指定してください。' })
  required: boolean;

  @ApiProperty({
    description:
      'kind ごとの設定（LessonContent, QuizContent, ExternalContent, LiveContent, AssignmentContent, PackageContent）',
  })
  @ValidateIf((o: ModuleDto) => (MODULE_KINDS as readonly string[]).includes(o.kind))
  @Check(
    'isObject',
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'モジュールの設定（content）を指定してください。',
  )
  @ValidateNested()
  @Type((options) => {
    const kind = (options?.object as { kind?: unknown } | undefined)?.kind;
    return typeof kind === 'string' && kind in CONTENT_CLASSES
      ? CONTENT_CLASSES[kind as ModuleKind]
      : UnknownKindContent;
  })
  content: object;
}

// --- Quiz questions ----------------------------------------------------------------------------------------------

export class ChoiceDto {
  @ApiProperty()
  @Transform(trim)
  @IsString({ message: '選択肢の文を入力してください。' })
  @IsNotEmpty({ message: '選択肢の文を入力してください。' })
  @MaxLength(500, { message: '選択肢の文は500文字以内で入力してください。' })
  text: string;

  @ApiProperty()
  @IsBoolean({ message: '正解かどうかは true / false で指定してください。' })
  correct: boolean;
}

function correctCount(value: unknown): number {
  return Array.isArray(value)
    ? value.filter((c) => (c as { correct?: unknown })?.correct === true).length
    : 0;
}

export class QuestionDto {
  @ApiProperty({ enum: ['single', 'multiple'] })
  @IsIn(['single', 'multiple'], {
    message: '問題の形式は single（1つ選ぶ）または multiple（すべて選ぶ）です。',
  })
  kind: 'single' | 'multiple';

  @ApiProperty()
  @Transform(trim)
  @IsString({ message: '問題文を入力してください。' })
  @IsNotEmpty({ message: '問題文を入力してください。' })
  @MaxLength(2000, { message: '問題文は2,000文字以内で入力してください。' })
  text: string;

  @ApiProperty({ type: [ChoiceDto] })
  @IsArray({ message: '選択肢を指定してください。' })
  @ArrayMinSize(2, { message: '選択肢は2つ以上にしてください。' })
  @ArrayMaxSize(MAX_CHOICES, { message: `選択肢は${MAX_CHOICES}個までです。` })
  @Check('hasCorrect', (value) => correctCount(value) >= 1, '正解の選択肢を1つ以上選んでください。')
  @Check(
    'singleHasOneCorrect',
    (value, args) => (args.object as QuestionDto).kind !== 'single' || correctCount(value) <= 1,
    '1つ選ぶ形式の問題では、正解は1つだけにしてください。',
  )
  @ValidateNested({ each: true })
  @Type(() => ChoiceDto)
  choices: ChoiceDto[];

  @ApiPropertyOptional({ description: '解説（採点後に表示）' })
  @IsOptional()
  @IsString({ message: '解説は文字列で入力してください。' })
  @MaxLength(4000, { message: '解説は4,000文字以内で入力してください。' })
  explanation?: string;
}

export class ModuleOrderDto {
  @ApiProperty({ type: [Number], description: '下書きのモジュールIDを新しい順序で、すべて' })
  @IsArray({ message: 'モジュールIDの並びを指定してください。' })
  @ArrayMaxSize(200, { message: 'モジュールは200個までです。' })
  @ArrayUnique({ message: '同じモジュールIDが重複しています。' })
  @IsInt({ each: true, message: 'モジュールIDは整数で指定してください。' })
  moduleIds: number[];
}

// --- Assignment rules (割当ルール) ----------------------------------------------------------------------------

export const TRIGGER_KINDS = [
  'hired_in_fiscal_year',
  'reached_level_in_fiscal_year',
  'all_active',
  'designated_promoter',
  'cohort_member',
  'position_levels',
] as const satisfies readonly RuleTrigger['kind'][];

export const DUE_KINDS = [
  'days_after_trigger',
  'fixed_date',
  'cohort_due',
] as const satisfies readonly DueRule['kind'][];

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export class TriggerDto implements RuleTriggerInput {
  @ApiProperty({ enum: TRIGGER_KINDS })
  @IsIn(TRIGGER_KINDS, { message: '割当のきっかけの種類が正しくありません。' })
  kind: RuleTrigger['kind'];

  @ApiPropertyOptional({ description: 'reached_level_in_fiscal_year: 職位のレベル' })
  @ValidateIf((o: TriggerDto) => o.kind === 'reached_level_in_fiscal_year')
  @IntRange(1, 20, '職位のレベルは1〜20の整数で入力してください。')
  level?: number;

  @ApiPropertyOptional({ description: 'position_levels: 職位のレベル（複数）' })
  @ValidateIf((o: TriggerDto) => o.kind === 'position_levels')
  @IsArray({ message: '職位のレベルを1つ以上選んでください。' })
  @ArrayMinSize(1, { message: '職位のレベルを1つ以上選んでください。' })
  @ArrayMaxSize(20, { message: '職位のレベルは20個までです。' })
  @ArrayUnique({ message: '職位のレベルが重複しています。' })
  @IntRange(1, 20, '職位のレベルは1〜20の整数で入力してください。', { each: true })
  levels?: number[];

  @ApiPropertyOptional({ description: 'cohort_member: 対象の養成期のコード（省略時はすべて）' })
  @ValidateIf(
    (o: TriggerDto) => o.kind === 'cohort_member' && o.cohortCode !== undefined && o.cohortCode !== null,
  )
  @IsString({ message: '養成期のコードは文字列で入力してください。' })
  @MaxLength(40, { message: '養成期のコードは40文字以内で入力してください。' })
  cohortCode?: string | null;
}

export class DueDto implements DueRuleInput {
  @ApiProperty({ enum: DUE_KINDS })
  @IsIn(DUE_KINDS, { message: '期限の決め方が正しくありません。' })
  kind: DueRule['kind'];

  @ApiPropertyOptional({ description: 'days_after_trigger: きっかけの日から何日後' })
  @ValidateIf((o: DueDto) => o.kind === 'days_after_trigger')
  @IntRange(1, 730, '日数は1〜730の整数で入力してください。')
  days?: number;

  @ApiPropertyOptional({ description: 'fixed_date: 月（1〜12）' })
  @ValidateIf((o: DueDto) => o.kind === 'fixed_date')
  @IntRange(1, 12, '月は1〜12の整数で入力してください。')
  month?: number;

  @ApiPropertyOptional({ description: 'fixed_date: 日' })
  @ValidateIf((o: DueDto) => o.kind === 'fixed_date')
  @IntRange(1, 31, '日は1〜31の整数で入力してください。')
  @Check(
    'dayInMonth',
    (value, args) => {
      const month = (args.object as DueDto).month;
      const valid = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
      return (
        !valid(month) ||
        (month as number) > 12 ||
        !valid(value) ||
        (value as number) > 31 ||
        (value as number) <= DAYS_IN_MONTH[(month as number) - 1]
      );
    },
    'その月にない日付です。',
  )
  day?: number;
}

export class RuleDto implements RuleInput {
  @ApiPropertyOptional({ description: '既存のルールを更新するときのID（省略すると追加）' })
  @IsOptional()
  @IsInt({ message: 'ルールIDは整数で指定してください。' })
  id?: number;

  @ApiProperty({ type: TriggerDto })
  @ValidateNested()
  @Type(() => TriggerDto)
  @Check(
    'isObject',
    (value) => typeof value === 'object' && value !== null,
    '割当のきっかけを指定してください。',
  )
  trigger: TriggerDto;

  @ApiProperty({ type: DueDto })
  @ValidateNested()
  @Type(() => DueDto)
  @Check('isObject', (value) => typeof value === 'object' && value !== null, '期限を指定してください。')
  due: DueDto;

  @ApiProperty({ enum: EMPLOYMENT_TYPES, isArray: true, description: '対象の雇用区分（空はすべて）' })
  @IsArray({ message: '対象の雇用区分は配列で指定してください。' })
  @ArrayUnique({ message: '雇用区分が重複しています。' })
  @IsIn(EMPLOYMENT_TYPES, {
    each: true,
    message: '雇用区分は 正規職員・再任用職員・会計年度任用職員 のいずれかです。',
  })
  employmentTypes: EmploymentType[];

  @ApiProperty()
  @IsBoolean({ message: '有効かどうかは true / false で指定してください。' })
  active: boolean;
}

export class ReplaceRulesDto {
  @ApiProperty({ type: [RuleDto] })
  @IsArray({ message: 'ルールの一覧を指定してください。' })
  @ArrayMaxSize(MAX_RULES, { message: `ルールは1つの研修につき${MAX_RULES}件までです。` })
  @ValidateNested({ each: true })
  @Type(() => RuleDto)
  rules: RuleDto[];
}
