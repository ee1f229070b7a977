import { loadConfig } from '../config/app-config';
import { Mailer } from './mailer';

/** The relay's TLS options as nodemailer will use them for a connection. */
function tlsOf(env: Record<string, string>): { rejectUnauthorized?: boolean } | undefined {
  const mailer = new Mailer(loadConfig({ SMTP_HOST: 'smtp.pref.example.lg.jp', ...env }));
  return (mailer as unknown as { transport: { options: { tls?: { rejectUnauthorized?: boolean } } } })
    .transport.options.tls;
}

describe('the mail relay connection', () => {
  it('verifies the relay certificate unless SMTP_TLS_REJECT_UNAUTHORIZED=false says otherwise', () => {
    expect(tlsOf({})).toEqual({ rejectUnauthorized: true });
    expect(tlsOf({ SMTP_TLS_REJECT_UNAUTHORIZED: 'false' })).toEqual({ rejectUnauthorized: false });
  });
});
