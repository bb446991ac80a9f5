/** The shape of what the infrastructure index (`cloudResources.ts`) holds. No I/O here. */

export type IacLanguage = 'bicep' | 'arm' | 'terraform' | 'cloudformation' | 'kubernetes' | 'compose' | 'azd';

export interface CloudResource {
  lang: IacLanguage;
  /**
   * The declared type, as written: `Microsoft.Web/sites` (Bicep and ARM, without the API version),
   * `avm/res/web/site` (an Azure Verified Module), `azurerm_linux_web_app` (Terraform),
   * `terraform-aws-modules/eks/aws` (a Terraform registry module), `AWS::Lambda::Function`, the
   * Kubernetes kind (`Ingress`), `service` (a Compose service), the azd `host:` (`appservice`), or
   * `shared:org/terraform-modules//aks/redis` for a Terraform module kept in another repository.
   */
  type: string;
  /** `resource`, or `module` for a Bicep registry module or a Terraform registry or shared module. */
  form: 'resource' | 'module';
  /** Symbolic name, logical id, metadata.name or service name; `''` when there is none. */
  name: string;
  file: string;
  /** Line of the declaration (the `resource` keyword, the `"type"` key, the `kind:` line). */
  line: number;
  /** Line where `body` starts. */
  bodyLine: number;
  /** Text of the declaration with comments blanked out, starting at the start of line `bodyLine`. */
  body: string;
  /**
   * Deployed only when a switch that is off by default is turned on (Bicep `if (useX)` with
   * `param useX bool = false`).
   */
  optional?: boolean;
}

/** An infrastructure file, with its comments blanked out (offsets and lines kept). */
export interface IacFile {
  path: string;
  lang: IacLanguage;
  code: string;
}
