import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { API_BASE, type NotificationDeliveryView, type SlackSettingsView } from '@dx/contract';
import type { Observable } from 'rxjs';

/** The tenant's Slack webhooks (write-only) and the notices that could not be delivered. */
@Injectable({ providedIn: 'root' })
export class SlackApi {
  private readonly http = inject(HttpClient);

  settings(): Observable<SlackSettingsView> {
    return this.http.get<SlackSettingsView>(`${API_BASE}/slack/settings`);
  }

  /** The tenant's default channel ('' unit) or a 所属's channel. */
  save(orgUnitCode: string, webhookUrl: string): Observable<SlackSettingsView> {
    return orgUnitCode
      ? this.http.put<SlackSettingsView>(
          `${API_BASE}/slack/unit-channels/${encodeURIComponent(orgUnitCode)}`,
          {
            webhookUrl,
          },
        )
      : this.http.put<SlackSettingsView>(`${API_BASE}/slack/settings`, { webhookUrl });
  }

  remove(orgUnitCode: string): Observable<SlackSettingsView> {
    return orgUnitCode
      ? this.http.delete<SlackSettingsView>(
          `${API_BASE}/slack/unit-channels/${encodeURIComponent(orgUnitCode)}`,
        )
      : this.http.delete<SlackSettingsView>(`${API_BASE}/slack/settings`);
  }

  failedDeliveries(): Observable<NotificationDeliveryView[]> {
    return this.http.get<NotificationDeliveryView[]>(`${API_BASE}/notifications/deliveries/failed`);
  }
}
