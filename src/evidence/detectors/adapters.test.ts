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
