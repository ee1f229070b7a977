import { Module } from '@nestjs/common';
import { SecretBox } from '../udemy-sync/secret-box';
import { CertificationsController } from './certifications.controller';
import { CredentialSigner } from './credential-signer';
import { CredentialsRepository } from './credentials.repository';
import { CredentialsService } from './credentials.service';
import { MyCredentialsController } from './my-credentials.controller';
import { PublicCredentialsController } from './public-credentials.controller';

/**
 * DX推進スペシャリスト certification as an Open Badges 3.0 credential (VC-JWT, Ed25519): HR's list and revocation,
 * the learner's download (JSON, baked PNG), the issuer's public URLs and the public check. Exports the service so the
 * events that complete the programme (evaluation, cohort stage) certify in their own transaction.
 */
@Module({
  controllers: [CertificationsController, MyCredentialsController, PublicCredentialsController],
  providers: [CredentialsService, CredentialsRepository, CredentialSigner, SecretBox],
  exports: [CredentialsService],
})
export class CredentialsModule {}
