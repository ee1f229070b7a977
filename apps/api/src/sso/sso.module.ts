import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { SecretBox } from '../udemy-sync/secret-box';
import { OidcProviderRepository } from './oidc-provider.repository';
import { OidcStrategy } from './oidc.strategy';
import { OidcSettingsController, SsoController } from './sso.controller';
import { SsoService } from './sso.service';

/** Single sign-on: the tenant's OpenID Connect provider and the sign-in through it. */
@Module({
  imports: [TenantsModule],
  controllers: [OidcSettingsController, SsoController],
  providers: [SecretBox, OidcProviderRepository, SsoService, OidcStrategy],
  exports: [SsoService],
})
export class SsoModule {}
