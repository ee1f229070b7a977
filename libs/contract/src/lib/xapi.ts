/** A Basic credential of the xAPI LRS as a sysadmin lists it (the secret is never shown again). */
export interface XapiClientView {
  id: number;
  name: string;
  key: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

/** The answer to creating a credential: the only time the secret is shown. */
export interface XapiClientCreated {
  id: number;
  name: string;
  key: string;
  secret: string;
  createdAt: string;
}

export interface XapiClientCreate {
  name: string;
}
