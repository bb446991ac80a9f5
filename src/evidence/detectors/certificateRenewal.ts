/**
 * Secrets that renew themselves: certificates issued and renewed by cert-manager, ACME or a cloud's
 * managed certificates, keys with a rotation policy, and keys removed altogether in favour of
 * platform identities (whose credentials the platform rotates).
 */
import { defineDetector } from '../defineDetector.js';
import { byPath, grepFiles, loc, present } from '../lib/helpers.js';
import type { Claim } from '../types.js';

const P = { rotation: 'oe.4.maintenance-automation.secret-rotation' };

/** Declared automatic issuance and renewal. */
const RENEWAL =
  /^kind:\s*(Certificate|ClusterIssuer|Issuer|ManagedCertificate)\s*$|cert-manager\.io\/(cluster-)?issuer|kubernetes\.io\/tls-acme|resource\s+"(aws_acm_certificate|google_compute_managed_ssl_certificate|google_certificate_manager_certificate|azurerm_app_service_managed_certificate)"|Microsoft\.(Web\/certificates|App\/managedEnvironments\/managedCertificates)@|rotation_policy\s*\{|rotationPolicy\s*:|lifetime_action\s*\{|"lifetimeActions"\s*:/m;
/** Keys switched off in favour of platform identities. */
const NO_KEYS =
  /disableLocalAuth\s*:\s*true|"disableLocalAuth"\s*:\s*true|local_authentication_disabled\s*=\s*true|allowSharedKeyAccess\s*:\s*false|shared_access_key_enabled\s*=\s*false|disableLocalAuthentication\s*:\s*true/;

export default defineDetector({
  meta: {
    id: 'certificate-renewal',
    title: 'Certificates and keys that renew themselves',
    practices: Object.values(P),
    docs: 'Looks in manifests and IaC for certificates issued and renewed automatically (cert-manager Certificate and Issuer objects or annotations, kubernetes.io/tls-acme, GKE ManagedCertificate, ACM, Google-managed and App Service managed certificates) and for keys with a rotation policy (Key Vault rotation policies and lifetime actions): medium. Key-based access switched off in favour of platform identities (disableLocalAuth, allowSharedKeyAccess: false), whose credentials the platform rotates, is low.',
  },
  async detect(repo) {
    const files = byPath([...repo.byExt('.yaml', '.yml', '.tf', '.bicep', '.json', '.sh')]).filter(
      (f) => f.name !== 'package.json' && f.name !== 'package-lock.json',
    );
    const renew = await grepFiles(repo, files, RENEWAL, 3000, undefined, { max: 20 });
    const out: Claim[] = [];
    if (renew.length)
      out.push(
        present([P.rotation], 'medium', renew.map(loc), 'certificates or keys are renewed automatically'),
      );
    else {
      const keyless = await grepFiles(repo, files, NO_KEYS, 3000, undefined, { max: 20 });
      if (keyless.length)
        out.push(
          present(
            [P.rotation],
            'low',
            keyless.map(loc),
            'keys are switched off in favour of platform identities; other secrets are not shown rotating',
          ),
        );
    }
    return out;
  },
});
