import { ruleTester } from '../ruleTester.js';
import detector from './apiContracts.js';

const OPENAPI = `openapi: 3.0.0
info:
  title: Orders
  version: 1.0.0
paths:
  /orders:
    get:
      responses:
        '200':
          description: ok
`;

const VERSIONED = `openapi: 3.0.0
info:
  title: Orders
  version: 2.0.0
paths:
  /v2/orders:
    get:
      responses:
        '200':
          description: ok
  /v2/orders/{id}:
    get:
      responses:
        '200':
          description: ok
`;

const PROTO = `syntax = "proto3";
package shop.v1;
service Cart {
  rpc AddItem(AddItemRequest) returns (Empty) {}
}
message AddItemRequest { string user_id = 1; }
message Empty {}
`;

const HEALTH = `syntax = "proto3";
package grpc.health.v1;
service Health {
  rpc Check(HealthCheckRequest) returns (HealthCheckResponse);
}
message HealthCheckRequest { string service = 1; }
message HealthCheckResponse { int32 status = 1; }
`;

ruleTester(detector, [
  {
    name: 'an OpenAPI document is a contract; unversioned paths claim no versioning',
    files: { 'src/api/openapi.yaml': OPENAPI },
    claims: [
      {
        practice: 'oe.1.source-control.component-interfaces',
        status: 'met',
        confidence: 'high',
        at: 'src/api/openapi.yaml:1',
      },
      { practice: 'oe.5.rearchitecture.loose-coupling', status: 'partial' },
    ],
  },
  {
    name: 'versioned paths and a versioned protobuf package are versioned APIs',
    files: { 'api/orders.yaml': VERSIONED, 'protos/cart.proto': PROTO },
    claims: [
      {
        practice: 'oe.1.source-control.component-interfaces',
        status: 'met',
        at: ['api/orders.yaml:1', 'protos/cart.proto:3'],
      },
      { practice: 'oe.5.rearchitecture.loose-coupling', status: 'partial' },
      {
        practice: 'oe.4.safe-deployment.api-versioning',
        status: 'met',
        at: ['api/orders.yaml:6', 'protos/cart.proto:2'],
      },
    ],
  },
  {
    name: 'springdoc generates the description: medium, no contract file',
    files: {
      'pom.xml':
        '<project><dependencies><dependency>\n<groupId>org.springdoc</groupId>\n<artifactId>springdoc-openapi-starter-webmvc-api</artifactId>\n</dependency></dependencies></project>\n',
    },
    claims: [
      {
        practice: 'oe.1.source-control.component-interfaces',
        status: 'met',
        confidence: 'medium',
        at: 'pom.xml:3',
      },
    ],
  },
  {
    name: 'the copied gRPC health proto, a CRD schema and a README about OpenAPI are not contracts',
    trap: true,
    files: {
      'proto/grpc/health/v1/health.proto': HEALTH,
      'deploy/crd.yaml':
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec:\n  versions:\n    - name: v1\n      schema:\n        openAPIV3Schema:\n          type: object\n',
      'config/settings.yaml': 'server:\n  openapi: 3.0\n',
      'README.md': '# API\n\nopenapi: 3.0 is planned; see swagger.io.\n',
    },
    claims: [],
  },
]);
