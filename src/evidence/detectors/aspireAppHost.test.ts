import { ruleTester } from '../ruleTester.js';
import detector from './aspireAppHost.js';

const PROGRAM = `var builder = DistributedApplication.CreateBuilder(args);
var db = builder.AddPostgres("postgres").AddDatabase("catalog");
var cache = builder.AddRedis("redis");
builder.AddProject<Projects.Catalog_API>("catalog-api").WithReference(db).WithReference(cache);
builder.Build().Run();
`;

ruleTester(detector, [
  {
    name: 'an AppHost project whose Program.cs adds stores and services',
    files: {
      'src/Shop.AppHost/Shop.AppHost.csproj': '<Project Sdk="Aspire.AppHost.Sdk/13.1.0">\n</Project>\n',
      'src/Shop.AppHost/Program.cs': PROGRAM,
    },
    claims: [
      { practice: 'oe.1.iac.declarative', status: 'partial', at: 'src/Shop.AppHost/Program.cs:2' },
      { practice: 'oe.1.iac.mainstream-tooling', status: 'partial' },
    ],
  },
  {
    name: 'the same calls outside an AppHost project, and an AppHost with no resources, declare nothing',
    trap: true,
    files: {
      'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web">\n</Project>\n',
      'src/Api/Program.cs': PROGRAM,
      'src/Empty.AppHost/Empty.AppHost.csproj':
        '<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <IsAspireHost>true</IsAspireHost>\n  </PropertyGroup>\n</Project>\n',
      'src/Empty.AppHost/Program.cs':
        'var builder = DistributedApplication.CreateBuilder(args);\nbuilder.Build().Run();\n',
    },
    claims: [],
  },
]);
