import { defineDetector } from '../defineDetector.js';
import {
  at,
  cloudResources,
  firstPerService,
  lineIn,
  serviceOf,
  serviceTitles,
} from '../lib/cloudResources.js';
import { grepFiles, lineOf, loc, present } from '../lib/helpers.js';
import type { Claim, EvidenceLocation } from '../types.js';

const P = {
  private: 'pe.1.networking.private',
  loadBalancing: 'pe.1.networking.load-balancing',
  topology: 'pe.1.networking.topology',
};

/** Settings that keep a resource off the public internet or put it inside a virtual network. */
const PRIVATE_SETTING =
  /^\s*(publicNetworkAccess\s*:[^\n]*'Disabled'|"publicNetworkAccess"\s*:\s*"Disabled"|public_network_access_enabled\s*=\s*false|private_cluster_enabled\s*=\s*true|enablePrivateCluster\s*:\s*true|"enablePrivateCluster"\s*:\s*true|enable_private_nodes\s*=\s*true|enable_private_endpoint\s*=\s*true|default_action\s*=\s*"Deny"|defaultAction\s*:\s*'Deny'|"defaultAction"\s*:\s*"Deny"|delegated_subnet_id\s*=|delegatedSubnetResourceId\s*:|virtualNetworkSubnetId\s*:|"virtualNetworkSubnetId"\s*:|virtual_network_subnet_id\s*=|vnetRouteAllEnabled\s*:\s*true|publicly_accessible\s*=\s*false|PubliclyAccessible\s*:\s*['"]?false|private_subnets\s*=|ipv4_enabled\s*=\s*false|privateEndpoints\s*:\s*(\[\s*\{|\w))/m;

/** Reverse proxies configured to spread requests over several backends. */
const PROXY_LB = /^\s*lb_policy\s*:\s*\w+|^\s*balance\s+(roundrobin|leastconn|source|uri)\b/m;
/** An nginx upstream of two servers or more. */
const NGINX_POOL = /^\s*upstream\s+[\w.-]+\s*\{([^}]*)\}/gm;

function spreads(text: string): boolean {
  if (PROXY_LB.test(text))
    return !/^\s*lb_policy/m.test(text) || /static_resources\s*:|clusters\s*:/.test(text);
  for (const m of text.matchAll(NGINX_POOL))
    if (((m[1] as string).match(/^\s*server\s/gm) ?? []).length >= 2) return true;
  return false;
}

export default defineDetector({
  meta: {
    id: 'networking',
    title: 'Networking declared in IaC (private endpoints, load balancers, virtual networks)',
    practices: Object.values(P),
    docs: 'Reads the resources declared in Bicep, ARM, Terraform, CloudFormation and Kubernetes manifests. Private endpoints, VNet integration, private clusters, public network access disabled, storage network rules that deny by default and Kubernetes NetworkPolicies show traffic kept on private networks (medium); default cluster-internal Services and the default Compose network are not a choice and claim nothing. Front Door, Application Gateway, load balancers, Traffic Manager, API gateways, CloudFront, ELB, Google Cloud load balancers, AKS load balancer settings, Ingress, Gateway API routes and Services of type LoadBalancer, and reverse proxies that spread requests (Envoy clusters with an lb_policy, nginx upstreams of several servers, HAProxy balance), and Spring Cloud Gateway routes to lb:// services, show load balancing; virtual networks, subnets and peerings show a topology. Both practices also ask for the reasoning behind the choice, which a declaration does not give, hence low.',
  },
  async detect(repo) {
    const all = (await cloudResources(repo)).filter((r) => !r.optional);
    const out: Claim[] = [];

    // Private connectivity.
    const links = all.filter((r) => serviceOf(r)?.role === 'private-link');
    const settings = all.filter(
      (r) => r.lang !== 'kubernetes' && r.lang !== 'compose' && lineIn(r, PRIVATE_SETTING),
    );
    const strong: EvidenceLocation[] = [
      ...firstPerService(links).map((r) => at(r)),
      ...firstPerService(settings, 2).map((r) => at(r, PRIVATE_SETTING)),
    ];
    if (strong.length)
      out.push(
        present(
          [P.private],
          'medium',
          strong,
          `traffic is kept on private networks: ${[...(links.length ? [serviceTitles(links)] : []), ...(settings.length ? ['public access disabled or VNet integration'] : [])].join(', ')}`,
        ),
      );
    // Default cluster-internal Services and the default Compose network are not a choice of
    // private networking (the labelling rules say so too), so they claim nothing.

    // Load balancing.
    const lbs = all.filter((r) => serviceOf(r)?.role === 'load-balancer');
    const aksLb =
      /^\s*(load_balancer_sku\s*=|loadBalancerSku\s*:|"loadBalancerSku"\s*:|load_balancer_profile\s*\{|loadBalancerProfile\s*:)/m;
    const aks = all.filter((r) => serviceOf(r)?.title === 'AKS' && lineIn(r, aksLb));
    const proxyFiles = repo
      .byExtInOrder('.yaml', '.yml', '.conf', '.cfg', '.tmpl', '.template')
      .filter((f) => /envoy|nginx|haproxy|proxy|gateway/i.test(f.path));
    const proxies = (await grepFiles(repo, proxyFiles, /lb_policy|upstream|balance/, 500))
      .filter((h) => spreads(h.text))
      .map((h) => ({ ...h, line: lineOf(h.text, /^\s*lb_policy|^\s*upstream\s|^\s*balance\s/m) ?? h.line }));
    // Spring Cloud Gateway routes to `lb://service`: requests spread over the registered instances.
    const springLb = await grepFiles(
      repo,
      repo.byNamePrefix('application', 'bootstrap').filter((f) => /\.(ya?ml|properties)$/.test(f.name)),
      /^\s*(-\s*)?uri\s*[:=]\s*lb:\/\/|\.uri\s*=\s*lb:\/\//m,
      200,
    );
    const lbLocs = [
      ...firstPerService(lbs).map((r) => at(r)),
      ...springLb.slice(0, 3).map(loc),
      ...aks.slice(0, 3).map((r) => at(r, aksLb)),
      ...proxies.map(loc),
    ];
    if (lbLocs.length) {
      const names = [
        ...(lbs.length ? [serviceTitles(lbs)] : []),
        ...(aks.length ? ['AKS load balancer'] : []),
        ...(proxies.length ? ['reverse proxy with upstreams'] : []),
        ...(springLb.length ? ['gateway routes to lb:// services'] : []),
      ];
      out.push(
        present(
          [P.loadBalancing],
          'low',
          lbLocs,
          `load balancing is declared (${names.join(', ')}); why it suits the routing needs is not recorded with it`,
        ),
      );
    }

    // Network topology.
    const nets = all.filter((r) => serviceOf(r)?.role === 'network');
    if (nets.length)
      out.push(
        present(
          [P.topology],
          'low',
          firstPerService(nets, 5).map((r) => at(r)),
          'virtual networks and subnets are declared in IaC; a decision record on the topology is not part of them',
        ),
      );
    return out;
  },
});
