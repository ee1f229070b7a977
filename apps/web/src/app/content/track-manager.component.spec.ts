import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { TrackView } from '@dx/contract';
import { alertText, getButton, getByLabel, settle, typeInto } from '../../testing/dom';
import { TrackManagerComponent } from './track-manager.component';

const TRACK: TrackView = {
  code: 'shokuba-dx',
  name: '職場内DX研修',
  description: '職場で取り組むDX',
  sortOrder: 1,
  courseCount: 3,
};

describe('TrackManagerComponent (研修体系)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<TrackManagerComponent>;
  let root: HTMLElement;
  let announced: (string | null)[];

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TrackManagerComponent],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TrackManagerComponent);
    fixture.componentRef.setInput('tracks', [TRACK]);
    announced = [];
    fixture.componentInstance.announced.subscribe((text) => announced.push(text));
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle(fixture);
  });

  afterEach(() => http.verify());

  it('edits a track in its row, filled with its name and description, and saves the trimmed name', async () => {
    getButton(root, '編集（職場内DX研修）').click();
    await settle(fixture);
    const name = getByLabel(root, '名称');
    expect(name.id).toBe('track-name-shokuba-dx');
    expect(name.value).toBe('職場内DX研修');
    expect(getByLabel<HTMLTextAreaElement>(root, '説明').value).toBe('職場で取り組むDX');
    typeInto(name, '  職場のDX研修 ');
    getButton(root, '保存').click();
    const request = http.expectOne((r) => r.method === 'PUT');
    expect(request.request.url).toBe('/api/v1/catalogue/tracks/shokuba-dx');
    expect(request.request.body).toEqual({ name: '職場のDX研修', description: '職場で取り組むDX' });
    request.flush({ ...TRACK, name: '職場のDX研修' });
    await settle(fixture);
    expect(announced).toEqual([null, '研修体系「職場のDX研修」を保存しました。']);
    expect(root.querySelector('#track-name-shokuba-dx')).toBeNull();
  });

  it('adds a track, empties the form after it was added, and keeps what was typed when the API refuses it', async () => {
    typeInto(getByLabel(root, 'コード'), ' kanri ');
    typeInto(getByLabel(root, '名称'), '管理職研修');
    typeInto(getByLabel(root, '説明'), '管理職向け');
    getButton(root, '研修体系を追加').click();
    const refused = http.expectOne((r) => r.method === 'POST');
    expect(refused.request.url).toBe('/api/v1/catalogue/tracks');
    expect(refused.request.body).toEqual({ code: 'kanri', name: '管理職研修', description: '管理職向け' });
    refused.flush(
      {
        type: 'about:blank',
        title: '重複',
        status: 409,
        detail: 'コード「kanri」の研修体系は既にあります。',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await settle(fixture);
    expect(alertText(root)).toContain('コード「kanri」の研修体系は既にあります。');
    expect(getByLabel(root, 'コード').value).toBe(' kanri ');

    getButton(root, '研修体系を追加').click();
    http
      .expectOne((r) => r.method === 'POST')
      .flush({ ...TRACK, code: 'kanri', name: '管理職研修', description: '管理職向け', courseCount: 0 });
    await settle(fixture);
    expect(announced.at(-1)).toBe('研修体系「管理職研修」を追加しました。');
    expect(getByLabel(root, 'コード').value).toBe('');
    expect(getByLabel(root, '名称').value).toBe('');
    expect(getByLabel<HTMLTextAreaElement>(root, '説明').value).toBe('');
  });
});
