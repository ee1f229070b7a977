import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { JapaneseDatePipe } from '../shared/japanese-date.pipe';
import { CertificationStatusComponent } from './certification-status.component';
import { CredentialsApi } from './credentials.api';

/**
 * マイ研修's 認定 section: the person's DX推進スペシャリスト certifications, each downloadable as the signed Open Badges
 * 3.0 credential (JSON with the VC-JWT) and as the badge PNG with the credential baked in. Shown only to those who
 * hold one.
 */
@Component({
  selector: 'dx-my-credentials',
  imports: [JapaneseDatePipe, CertificationStatusComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .credential {
      display: flex;
      gap: 1rem;
      align-items: flex-start;
      flex-wrap: wrap;
    }
    .credential img {
      width: 96px;
      height: 96px;
    }
    .credential-actions {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
  `,
  template: `
    @if (items().length > 0) {
      <section aria-labelledby="my-credentials-heading">
        <h2 id="my-credentials-heading">認定</h2>
        @for (item of items(); track item.id) {
          <article class="card credential" [attr.aria-labelledby]="'credential-' + item.id">
            <img src="/badges/dx-specialist.png" alt="" />
            <div>
              <h3 [id]="'credential-' + item.id">{{ item.achievementName }}</h3>
              <dl class="summary-list">
                <div>
                  <dt>発行者</dt>
                  <dd>{{ item.issuerName }}</dd>
                </div>
                <div>
                  <dt>認定日</dt>
                  <dd>{{ item.certifiedOn | jaDate }}</dd>
                </div>
                <div>
                  <dt>有効期限</dt>
                  <dd>{{ item.validUntil | jaDate }}</dd>
                </div>
                <div>
                  <dt>状態</dt>
                  <dd><dx-certification-status [status]="item.status" /></dd>
                </div>
              </dl>
              @if (item.status !== 'revoked') {
                <p class="credential-actions">
                  <a
                    class="button"
                    [href]="api.credentialUrl(item.id)"
                    download="dx-specialist-credential.json"
                    >認定証（JSON）をダウンロード</a
                  >
                  <a class="button" [href]="api.badgeUrl(item.id)" download="dx-specialist-badge.png"
                    >バッジ画像（PNG）をダウンロード</a
                  >
                </p>
                <p class="hint">
                  Open Badges 3.0 の認定証です。確認ページ（/verify）や Open Badges
                  対応のサービスで真正性を確認できます。
                </p>
              }
            </div>
          </article>
        }
      </section>
    }
  `,
})
export class MyCredentialsComponent {
  protected readonly api = inject(CredentialsApi);
  private readonly credentials = rxResource({ stream: () => this.api.mine() });
  protected readonly items = computed(() => (this.credentials.hasValue() ? this.credentials.value() : []));
}
