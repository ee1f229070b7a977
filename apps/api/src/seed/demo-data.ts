import { addDays, fiscalYearOf, fiscalYearStart } from '@dx/domain';
import { ORG_COLUMNS } from '../imports/org-import.service';
import { STAFF_COLUMNS } from '../imports/staff-rows';

/** A small deterministic PRNG (mulberry32): the same demo every time. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEPARTMENTS = [
  '総務部',
  '政策企画部',
  'デジタル推進局',
  '防災対策部',
  '医療保健部',
  '子ども・福祉部',
  '環境生活部',
  '農林水産部',
  '雇用経済部',
  '県土整備部',
];
const SECTION_STEMS = ['総務', '企画', '財務', '人材', '情報', '調整', '監理', '推進', '振興', '施設'];
const TEAM_STEMS = ['企画', '管理', '事業'];

const SURNAMES: [string, string][] = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
  ['吉田', 'ヨシダ'],
  ['山田', 'ヤマダ'],
  ['佐々木', 'ササキ'],
  ['山口', 'ヤマグチ'],
  ['松本', 'マツモト'],
  ['井上', 'イノウエ'],
  ['木村', 'キムラ'],
  ['林', 'ハヤシ'],
  ['清水', 'シミズ'],
  ['森', 'モリ'],
  ['服部', 'ハットリ'],
  ['水谷', 'ミズタニ'],
  ['伊勢', 'イセ'],
  ['津田', 'ツダ'],
  ['桑名', 'クワナ'],
  ['髙田', 'タカダ'],
  ['山﨑', 'ヤマザキ'],
  ['𠮷田', 'ヨシダ'],
  ['奥田', 'オクダ'],
  ['西村', 'ニシムラ'],
];
const GIVEN_NAMES: [string, string][] = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['一', 'ハジメ'],
  ['美咲', 'ミサキ'],
  ['大輔', 'ダイスケ'],
  ['陽菜', 'ヒナ'],
  ['健', 'ケン'],
  ['結衣', 'ユイ'],
  ['翔太', 'ショウタ'],
  ['さくら', 'サクラ'],
  ['誠', 'マコト'],
  ['愛', 'アイ'],
  ['拓也', 'タクヤ'],
  ['真由美', 'マユミ'],
  ['悠斗', 'ユウト'],
  ['彩', 'アヤ'],
  ['直樹', 'ナオキ'],
  ['恵', 'メグミ'],
  ['亮', 'リョウ'],
  ['千尋', 'チヒロ'],
];

export interface DemoUnit {
  code: string;
  name: string;
  kind: '部局' | '所属' | '班';
  parentCode: string;
}

export interface DemoPerson {
  employeeNo: string;
  name: string;
  kana: string;
  unitCode: string;
  position: string;
  employmentType: string;
  hiredOn: string;
  promotedOn: string;
  assignedOn: string;
  /** The previous fiscal year's placement, when it differed. */
  before?: { unitCode: string; position: string; promotedOn: string; assignedOn: string };
  isNewHire: boolean;
  retiredLastYear: boolean;
}

export interface DemoData {
  previousYearStart: string;
  yearStart: string;
  units: DemoUnit[];
  people: DemoPerson[];
}

/** How big the demo's org chart is, and the seed of its names (the same seed gives the same people). */
export interface DemoShape {
  departments: number;
  sectionsPerDepartment: number;
  teamsPerSection: number;
  seed: number;
}

/** The prefecture: 10 部局 × 10 所属 × 3 班. */
export const PREFECTURE: DemoShape = {
  departments: 10,
  sectionsPerDepartment: 10,
  teamsPerSection: 3,
  seed: 20260401,
};

/**
 * A town sharing the deployment: 3 部局 × 4 所属 × 2 班 (39 units). Its 職員番号 start at 100001 like the
 * prefecture's, with other names, so a query that mixes the two tenants shows the wrong people.
 */
export const TOWN: DemoShape = {
  departments: 3,
  sectionsPerDepartment: 4,
  teamsPerSection: 2,
  seed: 20261001,
};

/**
 * A Mie-like prefecture: 10 部局, 100 所属, 300 班 and about 5,000 staff as of the current fiscal year, with last
 * year's roster too (transfers, promotions, retirements), so history and this year's new hires and new section
 * chiefs are all there. Dates follow the current fiscal year so the demo stays current.
 */
export function buildDemoData(today: string, size = 5000, shape: DemoShape = PREFECTURE): DemoData {
  const rand = random(shape.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const yearStart = fiscalYearStart(fiscalYearOf(today));
  const previousYearStart = fiscalYearStart(fiscalYearOf(today) - 1);
  const year = Number(yearStart.slice(0, 4));

  const units: DemoUnit[] = [];
  DEPARTMENTS.slice(0, shape.departments).forEach((department, d) => {
    const departmentCode = `${String(d + 1).padStart(2, '0')}0000`;
    units.push({ code: departmentCode, name: department, kind: '部局', parentCode: '' });
    SECTION_STEMS.slice(0, shape.sectionsPerDepartment).forEach((stem, s) => {
      const sectionCode = departmentCode.slice(0, 2) + String(s + 1).padStart(2, '0') + '00';
      const sectionName = `${department.replace(/部$|局$/, '')}${stem}課`;
      units.push({ code: sectionCode, name: sectionName, kind: '所属', parentCode: departmentCode });
      TEAM_STEMS.slice(0, shape.teamsPerSection).forEach((team, t) => {
        units.push({
          code: sectionCode.slice(0, 4) + String(t + 1).padStart(2, '0'),
          name: `${team}班`,
          kind: '班',
          parentCode: sectionCode,
        });
      });
    });
  });
  const departments = units.filter((u) => u.kind === '部局');
  const sections = units.filter((u) => u.kind === '所属');
  const teams = units.filter((u) => u.kind === '班');

  const people: DemoPerson[] = [];
  let serial = 100001;
  const person = (
    unitCode: string,
    position: string,
    level: number,
    overrides: Partial<DemoPerson> = {},
  ): DemoPerson => {
    const [surname, surnameKana] = pick(SURNAMES);
    const [given, givenKana] = pick(GIVEN_NAMES);
    const seniority = level === 1 ? Math.floor(rand() * 8) : level * 5 + Math.floor(rand() * 8);
    const hiredOn = `${year - 1 - seniority}-04-01`;
    const promotedYear = Math.min(year - 1, year - 1 - Math.floor(rand() * Math.max(1, seniority / 3)));
    const roll = rand();
    const employmentType =
      level >= 3 ? '正規職員' : roll < 0.84 ? '正規職員' : roll < 0.9 ? '再任用職員' : '会計年度任用職員';
    const p: DemoPerson = {
      employeeNo: String(serial++),
      name: `${surname} ${given}`,
      kana: `${surnameKana} ${givenKana}`,
      unitCode,
      position,
      employmentType,
      hiredOn,
      promotedOn: level === 1 ? hiredOn : `${promotedYear}-04-01`,
      assignedOn: `${year - 1 - Math.floor(rand() * 3)}-04-01`,
      isNewHire: false,
      retiredLastYear: false,
      ...overrides,
    };
    people.push(p);
    return p;
  };

  for (const department of departments) {
    person(department.code, '部長', 7);
    person(department.code, '次長', 6);
  }
  sections.forEach((section, i) => {
    // About one section in seven has a chief appointed this April (新任所属長), promoted from 課長補佐.
    const newChief = i % 7 === 3;
    person(
      section.code,
      i % 10 === 9 ? '室長' : '課長',
      5,
      newChief
        ? {
            promotedOn: yearStart,
            assignedOn: yearStart,
            before: {
              unitCode: pick(sections).code,
              position: '課長補佐',
              promotedOn: `${year - 5}-04-01`,
              assignedOn: `${year - 3}-04-01`,
            },
          }
        : {},
    );
    person(section.code, '課長補佐', 4);
  });
  teams.forEach((team, i) => person(team.code, i % 2 ? '班長' : '係長', 3));
  const members: [string, number][] = [
    ['主事', 1],
    ['技師', 1],
    ['主任', 2],
    ['主査', 2],
  ];
  while (people.length < size) {
    const team = pick(teams);
    const [position, level] = pick(members);
    const roll = rand();
    if (roll < 0.035) {
      // This fiscal year's new hires.
      person(team.code, position === '技師' ? '技師' : '主事', 1, {
        hiredOn: yearStart,
        promotedOn: yearStart,
        assignedOn: yearStart,
        isNewHire: true,
        employmentType: rand() < 0.85 ? '正規職員' : '会計年度任用職員',
      });
    } else if (roll < 0.1) {
      // Transferred this April.
      person(team.code, position, level, { assignedOn: yearStart, before: undefined }).before = {
        unitCode: pick(teams).code,
        position,
        promotedOn: '',
        assignedOn: `${year - 3}-04-01`,
      };
    } else if (roll < 0.12) {
      person(team.code, position, level, { retiredLastYear: true });
    } else {
      person(team.code, position, level);
    }
  }
  for (const p of people) if (p.before && !p.before.promotedOn) p.before.promotedOn = p.promotedOn;
  return { previousYearStart, yearStart, units, people };
}

function csv(header: readonly string[], rows: string[][]): Uint8Array {
  return new TextEncoder().encode([header.join(','), ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n');
}

export function orgCsv(data: DemoData): Uint8Array {
  return csv(
    ORG_COLUMNS,
    data.units.map((u) => [u.code, u.name, u.parentCode, u.kind]),
  );
}

/** The roster as the personnel system exported it on the first day of last year or of this year. */
export function staffCsv(data: DemoData, which: 'previous' | 'current'): Uint8Array {
  const rows = data.people
    .filter((p) => (which === 'previous' ? !p.isNewHire : !p.retiredLastYear))
    .map((p) => {
      const placement = which === 'previous' && p.before ? { ...p, ...p.before } : p;
      return [
        p.employeeNo,
        p.name,
        p.kana,
        `s${p.employeeNo}@pref.example.lg.jp`,
        placement.unitCode,
        placement.position,
        p.employmentType,
        p.hiredOn,
        placement.promotedOn,
        placement.assignedOn,
      ];
    });
  return csv(STAFF_COLUMNS, rows);
}

const DAY_MS = 86_400_000;
const TOKYO_OFFSET_MS = 9 * 3_600_000;
/** How far ahead of the load day the demo's first 集合研修 lies, and how far apart the next ones are. */
export const DEMO_SESSION_LEAD_DAYS = 21;
export const DEMO_SESSION_SPACING_DAYS = 7;

/** An instant as ISO 8601 in Tokyo time with its offset, as LiveContent stores it: 2026-06-16T13:30:00+09:00. */
function tokyoDateTime(epochMs: number): string {
  return new Date(epochMs + TOKYO_OFFSET_MS).toISOString().slice(0, 19) + '+09:00';
}

/**
 * A live session (集合研修 / Web会議) of the default catalogue moved to after the day the demo is loaded, as its due
 * dates are: `index` says which session it is (0, 1, …), the first 3 weeks ahead and each next one a week later, on a
 * weekday, at the session's own time of day in Tokyo and for its own length.
 */
export function demoSessionDates(
  today: string,
  session: { startsAt: string; endsAt: string },
  index: number,
): { startsAt: string; endsAt: string } {
  const start = Date.parse(session.startsAt);
  const end = Date.parse(session.endsAt);
  const length = Number.isFinite(start) && Number.isFinite(end) && end > start ? end - start : 90 * 60_000;
  // The time of day in Tokyo (milliseconds after midnight), 13:30 when the stored value is not a date.
  const timeOfDay = Number.isFinite(start) ? (start + TOKYO_OFFSET_MS) % DAY_MS : 13.5 * 3_600_000;
  let day = addDays(today, DEMO_SESSION_LEAD_DAYS + DEMO_SESSION_SPACING_DAYS * index);
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  if (weekday === 6) day = addDays(day, 2);
  if (weekday === 0) day = addDays(day, 1);
  const startMs = Date.parse(`${day}T00:00:00+09:00`) + timeOfDay;
  return { startsAt: tokyoDateTime(startMs), endsAt: tokyoDateTime(startMs + length) };
}
