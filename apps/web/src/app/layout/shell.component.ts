import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  Injector,
  afterNextRender,
  computed,
  inject,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { firstValueFrom, filter } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import { roleLabels } from '../shared/roles';
import { navItemsFor } from './nav-items';

@Component({
  selector: 'dx-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip-link" href="#main" (click)="skipToMain($event)">本文へスキップ</a>
    <header class="app-header">
      <div class="header-inner">
        <div class="brand">
          <p class="app-title"><a routerLink="/">職員DX研修システム</a></p>
          @if (me(); as me) {
            <p class="tenant-name">{{ me.tenantName }}</p>
          }
        </div>
        @if (me(); as me) {
          <div class="user-box">
            <p class="user-name">
              <span class="visually-hidden">ログイン中：</span>{{ me.displayName }}
              <span class="user-roles">（{{ roles() }}）</span>
            </p>
            <button type="button" class="button button-header" (click)="logout()">ログアウト</button>
          </div>
        }
      </div>
      @if (!auth.mustChangePassword()) {
        <nav class="main-nav" aria-label="メインメニュー">
          <ul>
            @for (item of navItems(); track item.path) {
              <li>
                <a
                  [routerLink]="item.path"
                  routerLinkActive="active"
                  ariaCurrentWhenActive="page"
                  [routerLinkActiveOptions]="{ exact: item.path === '/' }"
                  >{{ item.label }}</a
                >
              </li>
            }
          </ul>
        </nav>
      }
    </header>
    <main id="main" class="app-main" tabindex="-1">
      <router-outlet />
    </main>
    <footer class="app-footer">
      <p>職員DX研修システム</p>
    </footer>
  `,
})
export class ShellComponent {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly document = inject(DOCUMENT);

  protected readonly me = this.auth.me;
  protected readonly roles = computed(() => roleLabels(this.auth.roles()));
  protected readonly navItems = computed(() => navItemsFor(this.auth.roles()));

  constructor() {
    // After moving to another page, put the keyboard and screen-reader focus on the new page's heading.
    let previousPath: string | null = null;
    this.router.events
      .pipe(
        filter((event): event is NavigationEnd => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe((event) => {
        const path = event.urlAfterRedirects.split(/[?#]/)[0];
        const changed = previousPath !== null && previousPath !== path;
        previousPath = path;
        if (changed) afterNextRender(() => this.focusHeading(), { injector: this.injector });
      });
  }

  protected skipToMain(event: Event): void {
    event.preventDefault();
    document.getElementById('main')?.focus();
  }

  protected async logout(): Promise<void> {
    const endSessionUrl = await firstValueFrom(this.auth.logout());
    // After a single sign-on, the provider ends its session too and sends the browser back to the login page.
    if (endSessionUrl) this.document.location.assign(endSessionUrl);
    else await this.router.navigateByUrl('/login');
  }

  private focusHeading(): void {
    const heading = document.querySelector<HTMLElement>('#main h1');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }
}
