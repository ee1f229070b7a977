import { Module } from '@nestjs/common';
import { SingleLogout } from '../auth/single-logout';
import { TenantsModule } from '../tenants/tenants.module';
import { SecretBox } from '../udemy-sync/secret-box';
import { OidcProviderRepository } from './oidc-provider.repository';
import { OidcStrategy } from './oidc.strategy';
import { SamlController, SamlSettingsController, SamlStrategy } from './saml.controller';
import { SamlRepository } from './saml.repository';
import { SamlService } from './saml.service';
import { OidcSettingsController, SsoController } from './sso.controller';
import { SsoService } from './sso.service';

/** Single sign-on: the tenant's OpenID Connect or SAML 2.0 provider and the sign-in through it. */
@Module({
  imports: [TenantsModule],
  controllers: [OidcSettingsController, SsoController, SamlSettingsController, SamlController],
  providers: [
    SecretBox,
    OidcProviderRepository,
    SsoService,
    // Logout (auth/) asks the single sign-on where the provider's session ends.
    { provide: SingleLogout, useExisting: SsoService },
    OidcStrategy,
    SamlRepository,
    SamlService,
    SamlStrategy,
  ],
  exports: [SsoService, SingleLogout],
})
export class SsoModule {}
