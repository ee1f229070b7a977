/** PUT /api/v1/integrations/udemy-business body (sysadmin). `clientSecret` may be left out to keep the stored one. */
export interface UdemyBusinessConnectionInput {
  baseUrl: string;
  organizationId: string;
  clientId: string;
  clientSecret?: string;
}

/** Counts of a sync, as the Udemy Business CSV import counts its rows. */
export interface UdemySyncCounts {
  completed: number;
  unchanged: number;
  skipped: number;
}

/** What the last sync did: a success with its counts, or a failure with the upstream status and a Japanese detail. */
export type UdemySyncResult =
  | {
      ok: true;
      /** When it finished (ISO 8601). */
      at: string;
      counts: UdemySyncCounts;
      /** Activity rows received from Udemy Business. */
      fetched: number;
      /** The `from_date` asked for (YYYY-MM-DD), or null for a full sync. */
      fromDate: string | null;
    }
  | { ok: false; at: string; upstreamStatus: number | null; detail: string };

/** GET / PUT /api/v1/integrations/udemy-business answer: the connection without its secret. */
export interface UdemyBusinessConnectionView {
  baseUrl: string;
  organizationId: string;
  clientId: string;
  /** Always true: a secret is stored (encrypted); it is never returned. */
  secretStored: boolean;
  updatedAt: string;
  /** When the last sync (successful or not) ended. */
  lastSyncAt: string | null;
  /** When the last successful sync began: the next one asks for activity from that day on. */
  lastSuccessAt: string | null;
  lastResult: UdemySyncResult | null;
}

/** POST /api/v1/integrations/udemy-business/sync answer. */
export interface UdemySyncAnswer {
  counts: UdemySyncCounts;
  fetched: number;
  fromDate: string | null;
}
