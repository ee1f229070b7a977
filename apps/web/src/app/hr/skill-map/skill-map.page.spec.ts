import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { SkillMapReport } from '@dx/contract';
import { settle, tableRows } from '../../../testing/dom';
import { HeatmapLoader } from './heatmap-loader';
import { heatColor, type HeatmapSpec } from './heatmap-spec';
import { SkillMapPage } from './skill-map.page';

const REPORT: SkillMapReport = {
  asOf: '2026-12-06',
  areas: [
    { code: 'lit.why', label: 'Why（DXの背景）' },
    { code: 'lit.what', label: 'What（DXで活用されるデータ・技術）' },
    { code: 'lit.how', label: 'How（データ・技術の利活用）' },
    { code: 'lit.mind', label: 'マインド・スタンス' },
  ],
  departments: [
    { code: '100000', name: '総務部', staff: 3, covered: [2, 2, 2, 1], shares: [0.667, 0.667, 0.667, 0.333] },
    { code: '200000', name: '農林水産部', staff: 1, covered: [1, 1, 1, 0], shares: [1, 1, 1, 0] },
  ],
  totals: { code: 'total', name: '合計', staff: 4, covered: [3, 3, 3, 1], shares: [0.75, 0.75, 0.75, 0.25] },
  roles: [
    { code: 'role.business_architect', label: 'ビジネスアーキテクト' },
    { code: 'role.designer', label: 'デザイナー' },
  ],
  specialists: [
    {
      employeeNo: '100001',
      name: '専門 一郎',
      departmentName: '総務部',
      cohortName: '令和7年度',
      stage: '応用',
      completedByRole: [2, 0],
    },
  ],
};

describe('SkillMapPage (スキルマップ)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SkillMapPage>;
  let page: HTMLElement;
  let drawn: HeatmapSpec[];

  beforeEach(async () => {
    drawn = [];
    const render = (_canvas: HTMLCanvasElement, spec: HeatmapSpec) => {
      drawn.push(spec);
      return { destroy: () => undefined };
    };
    TestBed.configureTestingModule({
      imports: [SkillMapPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: HeatmapLoader, useValue: { load: () => Promise.resolve(render) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SkillMapPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/v1/skills/map').flush(REPORT);
    await settle(fixture);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('shows the numbers per 部局 and area, with shares, in a table beside the heat map', () => {
    expect(tableRows(page, '部局別・領域別の修了者数（人）と割合')).toEqual([
      ['総務部', '3人', '2人66.7%', '2人66.7%', '2人66.7%', '1人33.3%'],
      ['農林水産部', '1人', '1人100.0%', '1人100.0%', '1人100.0%', '0人0.0%'],
      ['合計', '4人', '3人75.0%', '3人75.0%', '3人75.0%', '1人25.0%'],
    ]);
    const canvas = page.querySelector('canvas')!;
    expect(canvas.getAttribute('role')).toBe('img');
    expect(canvas.getAttribute('aria-label')).toContain('Why（DXの背景） 75.0%');
  });

  it('draws one cell per 部局 and area, the shares written in cells of readable contrast', () => {
    expect(drawn).toEqual([
      {
        columns: ['Why', 'What', 'How', 'マインド・スタンス'],
        rows: ['総務部', '農林水産部'],
        shares: [
          [0.667, 0.667, 0.667, 0.333],
          [1, 1, 1, 0],
        ],
      },
    ]);
    expect(heatColor(0).text).toBe('#1a1a1a');
    expect(heatColor(1)).toEqual({ fill: 'rgb(0, 61, 122)', text: '#ffffff' });
  });

  it('lists the specialists × roles with a check mark and the count, a dash for none', () => {
    expect(tableRows(page, 'DX推進スペシャリストの人材類型別修了数（研修数）')).toEqual([
      ['100001', '専門 一郎', '総務部', '応用', '✓ 2', '—'],
    ]);
  });
});
