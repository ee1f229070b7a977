import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { KpiDashboard } from '@dx/contract';
import { currentFiscalYear } from '../shared/dates';
import { getButton, getByLabel, settle, statusText, tableRows, typeInto } from '../../testing/dom';
import { ChartLoader } from './chart-loader';
import type { ChartSpec } from './chart-spec';
import { KpiPage } from './kpi.page';

const YEAR = currentFiscalYear();

function dashboard(overrides: Partial<KpiDashboard> = {}): KpiDashboard {
  return {
    fiscalYear: YEAR,
    asOf: `${YEAR}-06-01`,
    tieredByDepartment: [
      { code: '100', name: '総務部', assigned: 200, completed: 150, exempt: 2, rate: 0.75 },
      { code: '200', name: '健康医療部', assigned: 100, completed: 91, exempt: 0, rate: 0.91 },
    ],
    workplaceMonthly: [
      { month: `${YEAR}-04`, cumulativeCompleted: 100, assigned: 1000, rate: 0.1 },
      { month: `${YEAR}-05`, cumulativeCompleted: 350, assigned: 1000, rate: 0.35 },
    ],
    promoterCoverage: { sections: 40, sectionsWithPromoter: 30, rate: 0.75 },
    specialists: { certified: 12, inProgramme: 8 },
    targets: [
      {
        key: 'certified_specialists',
        label: 'DX推進スペシャリスト認定者数',
        baseline: 0,
        target: 30,
        current: 12,
        unit: '人',
      },
      {
        key: 'promoter_coverage_rate',
        label: '推進員の配置率',
        baseline: 50,
        target: null,
        current: 75,
        unit: '%',
      },
    ],
    ...overrides,
  };
}

describe('KpiPage (KPIダッシュボード)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<KpiPage>;
  let page: HTMLElement;
  /** jsdom has no canvas: the chart renderer is replaced by one that records what it was asked to draw. */
  let drawn: ChartSpec[];

  beforeEach(async () => {
    drawn = [];
    const render = (_canvas: HTMLCanvasElement, spec: ChartSpec) => {
      drawn.push(spec);
      return { destroy: () => undefined };
    };
    TestBed.configureTestingModule({
      imports: [KpiPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ChartLoader, useValue: { load: () => Promise.resolve(render) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(KpiPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne(`/api/v1/kpi?fiscalYear=${YEAR}`).flush(dashboard());
    await settle(fixture);
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('shows every chart with its numbers in a table beside it', () => {
    expect(tableRows(page, '階層別研修の修了率（部局別）')).toEqual([
      ['総務部', '200', '150', '2', '75.0%'],
      ['健康医療部', '100', '91', '0', '91.0%'],
    ]);
    expect(tableRows(page, '職場内DX研修の累積修了率（月別）')).toEqual([
      ['4月', '100', '1000', '10.0%'],
      ['5月', '350', '1000', '35.0%'],
    ]);
    expect(tableRows(page, 'デジタル活用推進員の配置率')).toEqual([
      ['所属数', '40'],
      ['推進員がいる所属', '30'],
      ['推進員がいない所属', '10'],
      ['配置率', '75.0%'],
    ]);
    // The figure opens the list of those 所属 (推進員の配置状況) for the same year.
    const missing = page.querySelector<HTMLAnchorElement>('a[aria-label="推進員がいない10所属の一覧"]');
    expect(missing?.getAttribute('href')).toBe(`/hr/promoter-coverage?fiscalYear=${YEAR}`);
    expect(tableRows(page, 'DX推進スペシャリスト認定者数と目標')).toEqual([
      ['認定者数', '12人'],
      ['養成中', '8人'],
      ['目標', '30人'],
      ['達成率', '40.0%'],
    ]);

    const canvases = Array.from(page.querySelectorAll('canvas'));
    expect(canvases).toHaveLength(4);
    expect(canvases.every((c) => c.getAttribute('role') === 'img')).toBe(true);
    expect(canvases[0].getAttribute('aria-label')).toContain('最も高いのは健康医療部の91.0%');
    expect(canvases[2].getAttribute('aria-label')).toContain('40所属のうち30所属に推進員がいます');
  });

  it('draws the charts with patterns and values, not colour alone', () => {
    expect(drawn.map((spec) => spec.type)).toEqual(['bar', 'line', 'doughnut', 'bar']);
    const [tiered, , promoter, specialist] = drawn;
    expect(tiered.horizontal).toBe(true);
    expect(tiered.series[0].data).toEqual([75, 91]);
    expect(promoter.series[0].pattern).toEqual(['solid', 'dots']);
    expect(specialist.labels).toEqual(['認定者数', '養成中']);
    expect(specialist.series[0].data).toEqual([12, 8]);
  });

  it('draws each target that is set on its chart, and says so in the chart’s name', () => {
    const [tiered, workplace, promoter, specialist] = drawn;
    expect(specialist.target).toEqual({ value: 30, label: '目標 30人' });
    // No target set for the others in this dashboard: nothing drawn, and the name says it is unset.
    expect([tiered.target, workplace.target, promoter.target]).toEqual([undefined, undefined, undefined]);
    const canvases = Array.from(page.querySelectorAll('canvas'));
    expect(canvases[3].getAttribute('aria-label')).toContain('目標30人（グラフに破線で表示');
    expect(canvases[2].getAttribute('aria-label')).toContain('目標は未設定。');
  });

  it('saves the targets and shows the dashboard the server answers', async () => {
    expect(tableRows(page, 'KPIの現状値・目標値・実績').map((row) => [row[0], row[3], row[4]])).toEqual([
      ['DX推進スペシャリスト認定者数', '12', '人'],
      ['推進員の配置率', '75', '%'],
    ]);
    typeInto(getByLabel(page, '推進員の配置率の目標値'), '１００');
    typeInto(getByLabel(page, 'DX推進スペシャリスト認定者数の現状値'), '');
    getButton(page, '目標を保存').click();
    await settle(fixture);

    const request = http.expectOne(`/api/v1/kpi/targets?fiscalYear=${YEAR}`);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({
      targets: [
        { key: 'certified_specialists', baseline: null, target: 30 },
        { key: 'promoter_coverage_rate', baseline: 50, target: 100 },
      ],
    });
    request.flush(
      dashboard({
        specialists: { certified: 12, inProgramme: 8 },
        targets: [
          {
            key: 'certified_specialists',
            label: 'DX推進スペシャリスト認定者数',
            baseline: null,
            target: 40,
            current: 12,
            unit: '人',
          },
        ],
      }),
    );
    await settle(fixture);
    await settle(fixture);

    expect(statusText(page)).toContain('の目標を保存しました。');
    expect(tableRows(page, 'DX推進スペシャリスト認定者数と目標')[2]).toEqual(['目標', '40人']);
  });

  it('refuses a rate target over 100 % before sending, and says why next to the field', async () => {
    typeInto(getByLabel(page, '推進員の配置率の目標値'), '120');
    getButton(page, '目標を保存').click();
    await settle(fixture);
    http.expectNone(`/api/v1/kpi/targets?fiscalYear=${YEAR}`);
    const input = getByLabel(page, '推進員の配置率の目標値');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent?.trim()).toBe(
      '割合は0〜100%の範囲で入力してください。',
    );
    // A count of people may well exceed 100.
    typeInto(getByLabel(page, '推進員の配置率の目標値'), '100');
    typeInto(getByLabel(page, 'DX推進スペシャリスト認定者数の目標値'), '150');
    await settle(fixture);
    expect(getByLabel(page, '推進員の配置率の目標値').getAttribute('aria-invalid')).toBe('false');
    getButton(page, '目標を保存').click();
    await settle(fixture);
    expect(http.expectOne(`/api/v1/kpi/targets?fiscalYear=${YEAR}`).request.body.targets).toEqual([
      { key: 'certified_specialists', baseline: 0, target: 150 },
      { key: 'promoter_coverage_rate', baseline: 50, target: 100 },
    ]);
  });

  it('refuses a target that is not a number and sends nothing', async () => {
    typeInto(getByLabel(page, '推進員の配置率の目標値'), 'たくさん');
    getButton(page, '目標を保存').click();
    await settle(fixture);
    http.expectNone(`/api/v1/kpi/targets?fiscalYear=${YEAR}`);
    const input = getByLabel(page, '推進員の配置率の目標値');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(page.textContent).toContain('0〜100の数値で入力してください');
  });
});
