/**
 * How the web app signs its users in, public (it is asked before anyone is signed in):
 * - `demo`: a local stack (the local development secret, not production): pick a demo user
 *   (GET /api/v1/auth/demo-users);
 * - `oidc`: OpenID Connect, authorization code with PKCE, against the issuer whose tokens the API
 *   verifies, as the public client AUTH_CLIENT_ID asking for AUTH_SCOPES;
 * - `none`: no sign-in the web app can offer (a shared secret in production, or an issuer without
 *   AUTH_CLIENT_ID): tokens come from elsewhere, the API is used by other clients.
 * Nothing here is secret: the issuer and a public client's id are what any sign-in page shows.
 */
import { Controller, Get, Logger } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from './auth.guard';
import { demoSignInAllowed, TokenVerifier } from './token-verifier';

export const SIGN_IN_MODES = ['demo', 'oidc', 'none'] as const;
export type SignInMode = (typeof SIGN_IN_MODES)[number];

export class AuthConfigDto {
  @ApiProperty({ enum: SIGN_IN_MODES, enumName: 'SignInMode', description: 'demo: pick a demo user (local stack only); oidc: OpenID Connect with the issuer below; none: no sign-in for the web app here' })
  mode!: SignInMode;

  @ApiPropertyOptional({ example: 'https://id.example.org/realms/maia', description: 'oidc: the issuer; its endpoints are at {issuer}/.well-known/openid-configuration' })
  issuer?: string;

  @ApiPropertyOptional({ example: 'care-pathways-web', description: 'oidc: the web app’s public client at the issuer (authorization code with PKCE, no secret)' })
  clientId?: string;

  @ApiPropertyOptional({ type: [String], example: ['openid', 'profile', 'email'], description: 'oidc: the scopes to ask for' })
  scopes?: string[];
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthConfigController {
  private readonly config: AuthConfigDto;

  constructor(verifier: TokenVerifier) {
    const settings = verifier.settings;
    if (settings.mode === 'oidc' && settings.webClient) {
      this.config = { mode: 'oidc', issuer: settings.issuer, clientId: settings.webClient.clientId, scopes: settings.webClient.scopes };
    } else {
      this.config = { mode: demoSignInAllowed(settings) ? 'demo' : 'none' };
      if (settings.mode === 'oidc') new Logger('AuthConfig').warn('AUTH_CLIENT_ID is not set: the web app cannot sign anyone in (the API still accepts the issuer’s tokens)');
    }
  }

  @Get('config')
  @Public()
  @ApiOperation({ summary: 'How the web app signs users in: demo users (local stack), OpenID Connect (issuer, public client id, scopes), or none' })
  @ApiOkResponse({ type: AuthConfigDto })
  signInConfig(): AuthConfigDto {
    return this.config;
  }
}
