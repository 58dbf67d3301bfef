import { AnyMap, anyToTerraform, hashMapper, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';

/**
 * A built-in `terraform_data` resource that holds `input` and gives it back as `output`, written as
 * cdktf's `DataResource` writes it. `DataResource` also adds a check that runs `terraform version`
 * on the machine that synthesizes, so a synth would need a Terraform binary; Terraform itself
 * refuses a configuration its version cannot read, at plan time, where the check belongs.
 */
export class TerraformDataInput extends TerraformResource {
  private readonly input: Record<string, string>;

  /** What Terraform holds of `input` once the resource exists: `output.lookup(key)` for one value. */
  public readonly output: AnyMap;

  public constructor(scope: Construct, id: string, input: Record<string, string>) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
    });
    this.input = input;
    this.output = new AnyMap(this, 'output');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { input: hashMapper(anyToTerraform)(this.input) };
  }
}
