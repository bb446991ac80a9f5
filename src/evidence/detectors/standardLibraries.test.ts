import { ruleTester } from '../ruleTester.js';
import detector from './standardLibraries.js';

ruleTester(detector, [
  {
    name: 'an identity library in package.json is a standard library for authentication',
    files: {
      'src/api/package.json': JSON.stringify(
        { name: 'api', dependencies: { '@azure/identity': '^4.0.0', express: '^4.18.0' } },
        null,
        2,
      ),
    },
    claims: [
      {
        practice: 'oe.4.org-alignment.standard-libraries',
        status: 'met',
        confidence: 'medium',
        at: 'src/api/package.json:4',
      },
    ],
  },
  {
    name: 'Spring Security in a pom and FluentValidation in a csproj',
    files: {
      'pom.xml':
        '<project><dependencies>\n<dependency><groupId>org.springframework.boot</groupId>\n<artifactId>spring-boot-starter-security</artifactId></dependency>\n</dependencies></project>\n',
      'src/Api/Api.csproj':
        '<Project Sdk="Microsoft.NET.Sdk.Web">\n  <ItemGroup>\n    <PackageReference Include="FluentValidation.AspNetCore" Version="11.3.0" />\n  </ItemGroup>\n</Project>\n',
    },
    claims: [
      {
        practice: 'oe.4.org-alignment.standard-libraries',
        status: 'met',
        at: ['pom.xml:3', 'src/Api/Api.csproj:3'],
      },
    ],
  },
  {
    name: 'a web framework alone is weak',
    files: {
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/gorilla/mux v1.8.1\n)\n',
    },
    claims: [{ practice: 'oe.4.org-alignment.standard-libraries', status: 'partial', at: 'go.mod:6' }],
  },
  {
    name: 'libraries named in a README and a package description are not dependencies',
    trap: true,
    files: {
      'README.md': 'We log users in with passport and validate with zod.\n',
      'package.json': JSON.stringify({
        name: 'x',
        description: 'passport and zod demo',
        keywords: ['express'],
      }),
    },
    claims: [],
  },
]);
