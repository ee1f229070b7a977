import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  API_BASE,
  type UdemyBusinessConnectionInput,
  type UdemyBusinessConnectionView,
  type UdemySyncAnswer,
} from '@dx/contract';
import type { Observable } from 'rxjs';

const PATH = `${API_BASE}/integrations/udemy-business`;

/** The tenant's Udemy Business Reporting API connection and its sync. */
@Injectable({ providedIn: 'root' })
export class UdemySyncApi {
  private readonly http = inject(HttpClient);

  /** The connection without its secret; 404 while none is set. */
  connection(): Observable<UdemyBusinessConnectionView> {
    return this.http.get<UdemyBusinessConnectionView>(PATH);
  }

  /** Stores the connection (system administrator); without a secret the stored one is kept. */
  save(input: UdemyBusinessConnectionInput): Observable<UdemyBusinessConnectionView> {
    return this.http.put<UdemyBusinessConnectionView>(PATH, input);
  }

  /** Pulls the activity since the last successful sync and applies it. */
  sync(): Observable<UdemySyncAnswer> {
    return this.http.post<UdemySyncAnswer>(`${PATH}/sync`, {});
  }
}
