import type { CisRequirementNumber } from '@audit-logging/cdktf/toolkit-api/catalogs';

/**
 * The requirements of the current benchmark version this product does not build, with the reason:
 * the matrix lists them as not covered rather than leaving them out.
 */
export const NOT_COVERED: Readonly<Partial<Record<CisRequirementNumber, { id: string; reason: string }>>> = {
  '4.10': {
    id: 'web-front-end-access-logs',
    reason:
      'this product creates no CloudFront distribution, load balancer or API Gateway: their access logs are turned on where they are created',
  },
};
