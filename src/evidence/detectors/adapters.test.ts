import { ruleTester } from '../ruleTester.js';
import detector from './adapters.js';

ruleTester(detector, [
  {
    name: 'a cart store interface with two implementations and a Spring Data repository',
    files: {
      'src/cart/cartstore/ICartStore.cs':
        'namespace Cart;\npublic interface ICartStore\n{\n    Task AddItemAsync(string userId);\n}\n',
      'src/cart/cartstore/RedisCartStore.cs':
        'namespace Cart;\npublic class RedisCartStore : ICartStore { }\n',
      'src/main/java/shop/repository/OrderRepository.java':
        'package shop.repository;\n\npublic interface OrderRepository extends JpaRepository<Order, Long> {}\n',
      'src/api/models/todoRepository.ts':
        'export class TodoRepository {\n  constructor(private db: Db) {}\n}\n',
    },
    claims: [
      {
        practice: 'oe.5.rearchitecture.loose-coupling',
        status: 'met',
        confidence: 'medium',
        at: ['src/cart/cartstore/ICartStore.cs:2', 'src/main/java/shop/repository/OrderRepository.java:3'],
      },
    ],
  },
  {
    name: 'one Go store interface is weak',
    files: {
      'internal/store/store.go':
        'package store\n\ntype OrderStore interface {\n\tGet(id string) (Order, error)\n}\n',
    },
    claims: [
      { practice: 'oe.5.rearchitecture.loose-coupling', status: 'partial', at: 'internal/store/store.go:3' },
    ],
  },
  {
    name: 'a fake repository in tests, a port number module and a README about adapters are not seams',
    trap: true,
    files: {
      'tests/fakes/FakeOrderRepository.cs': 'public class FakeOrderRepository : IOrderRepository { }\n',
      'src/config/port.ts': 'export const port = Number(process.env.PORT ?? 8080);\n',
      'docs/architecture.md': 'We should put storage behind a repository interface (ports and adapters).\n',
    },
    claims: [],
  },
]);

ruleTester(detector, [
  {
    name: 'Python: repository classes named Repository…, a client class in its own module, a transport base class with its implementations',
    files: {
      'app/repos/repository_factory.py':
        'class RepositoryGeneric(Generic[T]):\n    pass\n\nclass AllRepositories:\n    def __init__(self, session):\n        self.session = session\n',
      'jobs/query_executor_api/query_executor_client.py':
        'import requests\n\n\nclass QueryExecutorClient:\n    def submit(self, query):\n        return requests.post(self.url, json=query)\n',
      'hc/api/transports.py':
        'class TransportError(Exception):\n    pass\n\n\nclass Transport:\n    def notify(self, flip):\n        raise NotImplementedError\n\n\nclass Email(Transport):\n    pass\n\n\nclass Slack(Transport):\n    pass\n\n\nclass Webhook(Transport):\n    pass\n',
    },
    claims: [
      {
        practice: 'oe.5.rearchitecture.loose-coupling',
        status: 'met',
        confidence: 'medium',
        at: [
          'app/repos/repository_factory.py:1',
          'jobs/query_executor_api/query_executor_client.py:4',
          'hc/api/transports.py:5',
        ],
      },
    ],
  },
  {
    name: 'a base class with two subclasses, a client class outside a client module, and models are not seams',
    trap: true,
    files: {
      'app/providers/shapes.py':
        'class Shape:\n    pass\n\nclass Circle(Shape):\n    pass\n\nclass Square(Shape):\n    pass\n',
      'app/views.py': 'class ApiClient:\n    pass\n',
      'app/backends/models.py':
        'class Order(models.Model):\n    pass\n\nclass Line(models.Model):\n    pass\n\nclass Tax(models.Model):\n    pass\n',
    },
    claims: [],
  },
]);
