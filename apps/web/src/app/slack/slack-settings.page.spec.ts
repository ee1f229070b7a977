import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { NotificationDeliveryView, SlackSettingsView } from '@dx/contract';
import {
  alertText,
  getButton,
  getByLabel,
  queryButton,
  settle,
  statusText,
  tableRows,
  typeInto,
} from '../../testing/dom';
import { SlackSettingsPage } from './slack-settings.page';

const SETTINGS = '/api/v1/slack/settings';
const FAILED = '/api/v1/notifications/deliveries/failed';
const HOOK = 'https://hooks.slack.com/services/T000/B000/SECRETPART';

const none: SlackSettingsView = { webhook: null, unitChannels: [] };
const withDefault: SlackSettingsView = {
  webhook: { host: 'hooks.slack.com', updatedAt: '2026-12-01T00:00:00.000Z' },
  unitChannels: [],
};

describe('SlackSettingsPage (Slack 連携)', () => {
  let http: HttpTestingController;
  let fixture: ComponentFixture<SlackSettingsPage>;
  let page: HTMLElement;

  async function open(settings: SlackSettingsView, failed: NotificationDeliveryView[] = []): Promise<void> {
    TestBed.configureTestingModule({
      imports: [SlackSettingsPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SlackSettingsPage);
    page = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne(SETTINGS).flush(settings);
    http.expectOne(FAILED).flush(failed);
    await settle(fixture);
  }

  afterEach(() => http.verify());

  it('saves the default webhook write-only: the URL leaves the form and only its host is shown', async () => {
    await open(none);
    expect(page.textContent).toContain('未設定です。');
    const url = getByLabel(page, 'Webhook URL');
    expect(getButton(page, 'Webhook URL を保存').disabled).toBe(true);
    typeInto(url, HOOK);
    await settle(fixture);
    getButton(page, 'Webhook URL を保存').click();
    const request = http.expectOne(SETTINGS);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ webhookUrl: HOOK });
    request.flush(withDefault);
    await settle(fixture);
    expect(statusText(page)).toContain('既定のチャンネルの Webhook URL を保存しました');
    expect(page.textContent).toContain('設定済み（送信先ホスト hooks.slack.com');
    expect(getByLabel(page, 'Webhook URL').value).toBe('');
    expect(page.innerHTML).not.toContain('SECRETPART');
    expect(queryButton(page, '既定のチャンネルを解除')).toBeDefined();
  });

  it('sets a 所属 channel and shows the refusal of an unknown code', async () => {
    await open(withDefault);
    typeInto(getByLabel(page, '所属コード'), '999999');
    typeInto(getByLabel(page, '所属のチャンネルの Webhook URL'), HOOK);
    await settle(fixture);
    getButton(page, '所属のチャンネルを保存').click();
    http.expectOne('/api/v1/slack/unit-channels/999999').flush(
      {
        type: 'x/not-found',
        title: '見つかりません',
        status: 404,
        detail: '所属コード「999999」は見つかりません。',
      },
      { status: 404, statusText: 'Not Found' },
    );
    await settle(fixture);
    expect(alertText(page)).toContain('所属コード「999999」は見つかりません。');

    typeInto(getByLabel(page, '所属コード'), '100100');
    await settle(fixture);
    getButton(page, '所属のチャンネルを保存').click();
    const request = http.expectOne('/api/v1/slack/unit-channels/100100');
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ webhookUrl: HOOK });
    request.flush({
      ...withDefault,
      unitChannels: [
        {
          orgUnitCode: '100100',
          orgUnitName: '人事課',
          host: 'hooks.slack.com',
          updatedAt: '2026-12-01T00:00:00.000Z',
        },
      ],
    });
    await settle(fixture);
    expect(tableRows(page, '所属ごとのチャンネル')[0].slice(0, 2)).toEqual([
      '人事課（100100）',
      'hooks.slack.com',
    ]);
    expect(getByLabel(page, '所属のチャンネルの Webhook URL').value).toBe('');
    expect(page.querySelector('[aria-label="人事課 のチャンネルを解除"]')).not.toBeNull();
  });

  it('lists the deliveries that failed for good', async () => {
    await open(withDefault, [
      {
        id: 7,
        kind: 'digest',
        channel: 'slack',
        target: 'slack:unit:100100',
        status: 'failed',
        attempts: 4,
        lastError: 'Slack が受け付けませんでした（HTTP 404 no_service）',
        createdAt: '2026-12-01T00:00:00.000Z',
        updatedAt: '2026-12-01T00:05:00.000Z',
      },
    ]);
    const [row] = tableRows(page, '送信に失敗した通知');
    expect(row.slice(1)).toEqual([
      '週次の期限超過まとめ',
      'Slack（所属 100100 のチャンネル）',
      '4回',
      'Slack が受け付けませんでした（HTTP 404 no_service）',
    ]);
  });
});
