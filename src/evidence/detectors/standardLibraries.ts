import { defineDetector } from '../defineDetector.js';
import { present } from '../lib/helpers.js';
import { dependencyHits } from '../lib/manifests.js';
import type { Confidence, EvidenceLocation } from '../types.js';

const P = { libraries: 'oe.4.org-alignment.standard-libraries' };

/**
 * Widely adopted libraries for commodity functions, by kind. Authentication and validation are the
 * functions teams most often hand-write; a framework or RPC library is weaker evidence on its own.
 */
const KINDS: { kind: string; confidence: Confidence; names: string }[] = [
  {
    kind: 'authentication',
    confidence: 'medium',
    names: [
      '@azure/msal-[\\w-]+',
      'msal',
      '@azure/identity',
      'azure-identity',
      'azure\\.identity',
      'microsoft\\.identity\\.[\\w.]+',
      'microsoft\\.aspnetcore\\.authentication\\.[\\w.]+',
      'passport(-[\\w-]+)?',
      'next-auth',
      '@auth0/[\\w-]+',
      'oidc-client(-ts)?',
      'openid-client',
      'keycloak-js',
      'spring-boot-starter-security',
      'spring-boot-starter-oauth2-[\\w-]+',
      'spring-security-[\\w-]+',
      'authlib',
      'django-allauth',
      'flask-login',
      'golang\\.org/x/oauth2',
      'github\\.com/coreos/go-oidc(/v\\d)?',
      'omniauth[\\w-]*',
      'devise',
    ].join('|'),
  },
  {
    kind: 'validation or parsing',
    confidence: 'medium',
    names: [
      'zod',
      'joi',
      'yup',
      'ajv',
      'class-validator',
      'pydantic',
      'marshmallow',
      'jsonschema',
      'fluentvalidation[\\w.]*',
      'spring-boot-starter-validation',
      'hibernate-validator',
      'github\\.com/go-playground/validator(/v\\d+)?',
    ].join('|'),
  },
  {
    kind: 'web or RPC framework',
    confidence: 'low',
    names: [
      'express',
      'fastify',
      '@nestjs/core',
      'koa',
      'flask',
      'django',
      'fastapi',
      'spring-boot-starter-web(flux)?',
      'github\\.com/gin-gonic/gin',
      'github\\.com/labstack/echo(/v\\d)?',
      'github\\.com/gorilla/mux',
      'google\\.golang\\.org/grpc',
      '@grpc/grpc-js',
      'grpcio',
      'grpc\\.aspnetcore[\\w.]*',
      'grpc-netty[\\w-]*',
    ].join('|'),
  },
];

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export default defineDetector({
  meta: {
    id: 'standard-libraries',
    title: 'Standard libraries for commodity functions',
    practices: Object.values(P),
    docs: 'Looks in dependency manifests (package.json, requirements, pyproject, go.mod, pom.xml, Gradle, .csproj...) for widely adopted libraries that do commodity work: authentication and identity (MSAL, Azure.Identity, Microsoft.Identity.Web, passport, Spring Security, OAuth2/OIDC clients), validation and parsing (zod, joi, pydantic, FluentValidation, Bean Validation). Those are medium evidence; web or RPC frameworks alone are low. A name in a README or a package description does not count. That no hand-written auth or parser sits beside them is not checked.',
  },
  async detect(repo) {
    const locs: EvidenceLocation[] = [];
    const found: string[] = [];
    let confidence: Confidence | undefined;
    for (const k of KINDS) {
      const hits = await dependencyHits(repo, k.names);
      if (!hits.length) continue;
      locs.push(...hits.map((h) => h.location));
      found.push(`${k.kind} (${[...new Set(hits.map((h) => h.pkg))].slice(0, 4).join(', ')})`);
      if (!confidence || RANK[k.confidence] > RANK[confidence]) confidence = k.confidence;
    }
    if (!confidence) return [];
    return [present([P.libraries], confidence, locs, `standard libraries for ${found.join('; ')}`)];
  },
});
