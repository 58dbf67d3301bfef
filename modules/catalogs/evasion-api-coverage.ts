/*
 * How far each detection of the evasion pack covers its services' APIs: for every operation of
 * every watched service in botocore's models (botocore/data/<service>/<version>/service-2.json),
 * either the detection catches it, or it is left out with the reason. An operation that can remove,
 * narrow, pause or silence what a detection watches belongs in the detection's `calls` (what each
 * detection catches is read from there, never restated here); one left out says why (read-only,
 * narrows nothing, another alarm fires on it, or why it cannot page). Pure data, like the
 * detections: __tests__/core/evasion-api-coverage.test.ts checks it against the detections' own
 * filter patterns, and its .moto.test.ts against the installed botocore, which fails on an
 * operation nobody placed. docs/detections.md says how to update it.
 */

import { readOnlyOperations } from './api-read-operations';
import { modelProblems, type ServiceModels } from './api-coverage';
import { AUDIT_SYSTEM_CIS_CALLS, type AlarmCalls, type CisControlId } from './cis-controls';
import {
  EVASION_DETECTION_LIST,
  EVASION_DETECTIONS,
  type EvasionDetection,
  type EvasionDetectionId,
} from './evasion-detections';

/** The botocore release whose service models this coverage was made from. */
export const EVASION_COVERAGE_BOTOCORE_VERSION = '1.43.11';

/** Another alarm that fires on an operation: an evasion detection or a CIS control. */
export type CoveringAlarm = { readonly evasion: EvasionDetectionId } | { readonly cis: CisControlId };

/** An operation the detection catches, derived from its `calls` ({@link caughtOperations}). */
export interface CaughtOperation {
  /** The operation's name in botocore's model. */
  readonly operation: string;
  /**
   * CloudTrail's `eventName` for it, where that is not the operation's name (S3 records the
   * bucket's PutPublicAccessBlock as PutBucketPublicAccessBlock).
   * @default - the operation's name
   */
  readonly eventName?: string;
  /**
   * Fields of an event the detection catches, where its call has a condition (`DetectedCalls.when`,
   * its `example`): the call is caught only when these are so.
   */
  readonly event?: Readonly<Record<string, unknown>>;
}

/** Operations of a service that a detection leaves out, for one reason. */
export interface LeftOutOperations {
  /** Why: true of every operation listed, and short. */
  readonly reason: string;
  /** The other alarm that fires on each of them, where that is the reason. */
  readonly coveredBy?: CoveringAlarm;
  /** Fields the other alarm needs in the event (the root user's identity, for CIS root-account-usage). */
  readonly event?: Readonly<Record<string, unknown>>;
  /** Their names in botocore's model. */
  readonly operations: readonly string[];
}

/** Every operation of one botocore service, placed for one detection. */
export interface ServiceCoverage {
  /** botocore's name of the service (its folder under botocore/data). */
  readonly service: string;
  /** CloudTrail's `eventSource` of its calls. */
  readonly eventSource: string;
  /**
   * CloudTrail's `eventName` of an operation, by the operation's name, where the two differ (S3
   * records the bucket's PutPublicAccessBlock as PutBucketPublicAccessBlock): how the detection's
   * calls, which name events, are read as this service's operations.
   * @default - every event name is the operation's name
   */
  readonly recordedAs?: Readonly<Record<string, string>>;
  /** Everything the detection does not catch, by reason. */
  readonly leftOut: readonly LeftOutOperations[];
}

/** One coverage record per detection, filed under its id: a detection without one does not compile. */
export type EvasionApiCoverage = { readonly [Id in EvasionDetectionId]: readonly ServiceCoverage[] };

const READS = 'reads only: it changes nothing';
const TAGS = 'changes tags only';

/** The coverage of each detection, service by service, as botocore {@link EVASION_COVERAGE_BOTOCORE_VERSION} has them. */
export const EVASION_API_COVERAGE: EvasionApiCoverage = {
  'trail-selectors-changed': [
    {
      service: 'cloudtrail',
      eventSource: 'cloudtrail.amazonaws.com',
      leftOut: [
        {
          reason: 'stops, deletes or changes a trail: CIS cloudtrail-config-changes fires on it',
          coveredBy: { cis: 'cloudtrail-config-changes' },
          operations: ['StopLogging', 'DeleteTrail', 'UpdateTrail'],
        },
        {
          reason: 'creates, starts, restores or widens recording or its administration: it narrows nothing',
          operations: [
            'CreateTrail',
            'StartLogging',
            'CreateEventDataStore',
            'StartEventDataStoreIngestion',
            'RestoreEventDataStore',
            'StartImport',
            'EnableFederation',
            'RegisterOrganizationDelegatedAdmin',
          ],
        },
        {
          reason:
            "a channel brings events from outside AWS into an event data store (CreateChannel's reference): it narrows none of the AWS events that trails and event data stores record",
          operations: ['CreateChannel', 'UpdateChannel', 'DeleteChannel'],
        },
        {
          reason:
            "a resource-based policy says who may use an event data store, dashboard or channel; it changes no selector, so AWS's events are recorded as before",
          operations: ['PutResourcePolicy', 'DeleteResourcePolicy'],
        },
        {
          reason:
            "the management account stays the owner of the organization's trails and event data stores (CloudTrail's delegated administrator page): recording goes on",
          operations: ['DeregisterOrganizationDelegatedAdmin'],
        },
        {
          reason:
            'stops Athena queries of an event data store; no data is deleted and CloudTrail Lake queries go on (its API reference)',
          operations: ['DisableFederation'],
        },
        {
          reason: 'runs, stops or shows queries of recorded events, or stops an import: it changes no recording',
          operations: [
            'StartQuery',
            'CancelQuery',
            'GenerateQuery',
            'StopImport',
            'CreateDashboard',
            'UpdateDashboard',
            'DeleteDashboard',
            'StartDashboardRefresh',
          ],
        },
        { reason: TAGS, operations: ['AddTags', 'RemoveTags'] },
        {
          reason: READS,
          operations: readOnlyOperations('cloudtrail'),
        },
      ],
    },
  ],
  'flow-logs-deleted': [
    {
      service: 'ec2',
      eventSource: 'ec2.amazonaws.com',
      leftOut: [
        { reason: 'creates a flow log: it narrows nothing', operations: ['CreateFlowLogs'] },
        {
          reason:
            "changes tags: a flow log's ManagedBy tag lifts or sets the guardrails' protection, but the deletion it would allow fires this detection",
          operations: ['CreateTags', 'DeleteTags'],
        },
        {
          reason: 'writes a CloudFormation template for querying flow logs to S3: it changes no flow log',
          operations: ['GetFlowLogsIntegrationTemplate'],
        },
        {
          reason:
            "acts on no flow log (only CreateFlowLogs and DeleteFlowLogs do); deleting the VPC, subnet, network interface or transit gateway a flow log watches ends the traffic it would record, and a deleted VPC's flow logs are removed with it (DeleteVpc's reference)",
          operations: [
            'AcceptAddressTransfer',
            'AcceptCapacityReservationBillingOwnership',
            'AcceptReservedInstancesExchangeQuote',
            'AcceptTransitGatewayClientVpnAttachment',
            'AcceptTransitGatewayMulticastDomainAssociations',
            'AcceptTransitGatewayPeeringAttachment',
            'AcceptTransitGatewayVpcAttachment',
            'AcceptVpcEndpointConnections',
            'AcceptVpcPeeringConnection',
            'AdvertiseByoipCidr',
            'AllocateAddress',
            'AllocateHosts',
            'AllocateIpamPoolCidr',
            'ApplySecurityGroupsToClientVpnTargetNetwork',
            'AssignIpv6Addresses',
            'AssignPrivateIpAddresses',
            'AssignPrivateNatGatewayAddress',
            'AssociateAddress',
            'AssociateCapacityReservationBillingOwner',
            'AssociateClientVpnTargetNetwork',
            'AssociateDhcpOptions',
            'AssociateEnclaveCertificateIamRole',
            'AssociateIamInstanceProfile',
            'AssociateInstanceEventWindow',
            'AssociateIpamByoasn',
            'AssociateIpamResourceDiscovery',
            'AssociateNatGatewayAddress',
            'AssociateRouteServer',
            'AssociateRouteTable',
            'AssociateSecurityGroupVpc',
            'AssociateSubnetCidrBlock',
            'AssociateTransitGatewayMulticastDomain',
            'AssociateTransitGatewayPolicyTable',
            'AssociateTransitGatewayRouteTable',
            'AssociateTrunkInterface',
            'AssociateVpcCidrBlock',
            'AttachClassicLinkVpc',
            'AttachInternetGateway',
            'AttachNetworkInterface',
            'AttachVerifiedAccessTrustProvider',
            'AttachVolume',
            'AttachVpnGateway',
            'AuthorizeClientVpnIngress',
            'AuthorizeSecurityGroupEgress',
            'AuthorizeSecurityGroupIngress',
            'BundleInstance',
            'CancelBundleTask',
            'CancelCapacityReservation',
            'CancelCapacityReservationFleets',
            'CancelConversionTask',
            'CancelDeclarativePoliciesReport',
            'CancelExportTask',
            'CancelImageLaunchPermission',
            'CancelImportTask',
            'CancelReservedInstancesListing',
            'CancelSpotFleetRequests',
            'CancelSpotInstanceRequests',
            'ConfirmProductInstance',
            'CopyFpgaImage',
            'CopyImage',
            'CopySnapshot',
            'CopyVolumes',
            'CreateCapacityManagerDataExport',
            'CreateCapacityReservation',
            'CreateCapacityReservationBySplitting',
            'CreateCapacityReservationFleet',
            'CreateCarrierGateway',
            'CreateClientVpnEndpoint',
            'CreateClientVpnRoute',
            'CreateCoipCidr',
            'CreateCoipPool',
            'CreateCustomerGateway',
            'CreateDefaultSubnet',
            'CreateDefaultVpc',
            'CreateDelegateMacVolumeOwnershipTask',
            'CreateDhcpOptions',
            'CreateEgressOnlyInternetGateway',
            'CreateFleet',
            'CreateFpgaImage',
            'CreateImage',
            'CreateImageUsageReport',
            'CreateInstanceConnectEndpoint',
            'CreateInstanceEventWindow',
            'CreateInstanceExportTask',
            'CreateInternetGateway',
            'CreateInterruptibleCapacityReservationAllocation',
            'CreateIpam',
            'CreateIpamExternalResourceVerificationToken',
            'CreateIpamPolicy',
            'CreateIpamPool',
            'CreateIpamPrefixListResolver',
            'CreateIpamPrefixListResolverTarget',
            'CreateIpamResourceDiscovery',
            'CreateIpamScope',
            'CreateKeyPair',
            'CreateLaunchTemplate',
            'CreateLaunchTemplateVersion',
            'CreateLocalGatewayRoute',
            'CreateLocalGatewayRouteTable',
            'CreateLocalGatewayRouteTableVirtualInterfaceGroupAssociation',
            'CreateLocalGatewayRouteTableVpcAssociation',
            'CreateLocalGatewayVirtualInterface',
            'CreateLocalGatewayVirtualInterfaceGroup',
            'CreateMacSystemIntegrityProtectionModificationTask',
            'CreateManagedPrefixList',
            'CreateNatGateway',
            'CreateNetworkAcl',
            'CreateNetworkAclEntry',
            'CreateNetworkInsightsAccessScope',
            'CreateNetworkInsightsPath',
            'CreateNetworkInterface',
            'CreateNetworkInterfacePermission',
            'CreatePlacementGroup',
            'CreatePublicIpv4Pool',
            'CreateReplaceRootVolumeTask',
            'CreateReservedInstancesListing',
            'CreateRestoreImageTask',
            'CreateRoute',
            'CreateRouteServer',
            'CreateRouteServerEndpoint',
            'CreateRouteServerPeer',
            'CreateRouteTable',
            'CreateSecondaryNetwork',
            'CreateSecondarySubnet',
            'CreateSecurityGroup',
            'CreateSnapshot',
            'CreateSnapshots',
            'CreateSpotDatafeedSubscription',
            'CreateStoreImageTask',
            'CreateSubnet',
            'CreateSubnetCidrReservation',
            'CreateTrafficMirrorFilter',
            'CreateTrafficMirrorFilterRule',
            'CreateTrafficMirrorSession',
            'CreateTrafficMirrorTarget',
            'CreateTransitGateway',
            'CreateTransitGatewayConnect',
            'CreateTransitGatewayConnectPeer',
            'CreateTransitGatewayMeteringPolicy',
            'CreateTransitGatewayMeteringPolicyEntry',
            'CreateTransitGatewayMulticastDomain',
            'CreateTransitGatewayPeeringAttachment',
            'CreateTransitGatewayPolicyTable',
            'CreateTransitGatewayPrefixListReference',
            'CreateTransitGatewayRoute',
            'CreateTransitGatewayRouteTable',
            'CreateTransitGatewayRouteTableAnnouncement',
            'CreateTransitGatewayVpcAttachment',
            'CreateVerifiedAccessEndpoint',
            'CreateVerifiedAccessGroup',
            'CreateVerifiedAccessInstance',
            'CreateVerifiedAccessTrustProvider',
            'CreateVolume',
            'CreateVpc',
            'CreateVpcBlockPublicAccessExclusion',
            'CreateVpcEncryptionControl',
            'CreateVpcEndpoint',
            'CreateVpcEndpointConnectionNotification',
            'CreateVpcEndpointServiceConfiguration',
            'CreateVpcPeeringConnection',
            'CreateVpnConcentrator',
            'CreateVpnConnection',
            'CreateVpnConnectionRoute',
            'CreateVpnGateway',
            'DeleteCapacityManagerDataExport',
            'DeleteCarrierGateway',
            'DeleteClientVpnEndpoint',
            'DeleteClientVpnRoute',
            'DeleteCoipCidr',
            'DeleteCoipPool',
            'DeleteCustomerGateway',
            'DeleteDhcpOptions',
            'DeleteEgressOnlyInternetGateway',
            'DeleteFleets',
            'DeleteFpgaImage',
            'DeleteImageUsageReport',
            'DeleteInstanceConnectEndpoint',
            'DeleteInstanceEventWindow',
            'DeleteInternetGateway',
            'DeleteIpam',
            'DeleteIpamExternalResourceVerificationToken',
            'DeleteIpamPolicy',
            'DeleteIpamPool',
            'DeleteIpamPrefixListResolver',
            'DeleteIpamPrefixListResolverTarget',
            'DeleteIpamResourceDiscovery',
            'DeleteIpamScope',
            'DeleteKeyPair',
            'DeleteLaunchTemplate',
            'DeleteLaunchTemplateVersions',
            'DeleteLocalGatewayRoute',
            'DeleteLocalGatewayRouteTable',
            'DeleteLocalGatewayRouteTableVirtualInterfaceGroupAssociation',
            'DeleteLocalGatewayRouteTableVpcAssociation',
            'DeleteLocalGatewayVirtualInterface',
            'DeleteLocalGatewayVirtualInterfaceGroup',
            'DeleteManagedPrefixList',
            'DeleteNatGateway',
            'DeleteNetworkAcl',
            'DeleteNetworkAclEntry',
            'DeleteNetworkInsightsAccessScope',
            'DeleteNetworkInsightsAccessScopeAnalysis',
            'DeleteNetworkInsightsAnalysis',
            'DeleteNetworkInsightsPath',
            'DeleteNetworkInterface',
            'DeleteNetworkInterfacePermission',
            'DeletePlacementGroup',
            'DeletePublicIpv4Pool',
            'DeleteQueuedReservedInstances',
            'DeleteRoute',
            'DeleteRouteServer',
            'DeleteRouteServerEndpoint',
            'DeleteRouteServerPeer',
            'DeleteRouteTable',
            'DeleteSecondaryNetwork',
            'DeleteSecondarySubnet',
            'DeleteSecurityGroup',
            'DeleteSnapshot',
            'DeleteSpotDatafeedSubscription',
            'DeleteSubnet',
            'DeleteSubnetCidrReservation',
            'DeleteTrafficMirrorFilter',
            'DeleteTrafficMirrorFilterRule',
            'DeleteTrafficMirrorSession',
            'DeleteTrafficMirrorTarget',
            'DeleteTransitGateway',
            'DeleteTransitGatewayClientVpnAttachment',
            'DeleteTransitGatewayConnect',
            'DeleteTransitGatewayConnectPeer',
            'DeleteTransitGatewayMeteringPolicy',
            'DeleteTransitGatewayMeteringPolicyEntry',
            'DeleteTransitGatewayMulticastDomain',
            'DeleteTransitGatewayPeeringAttachment',
            'DeleteTransitGatewayPolicyTable',
            'DeleteTransitGatewayPrefixListReference',
            'DeleteTransitGatewayRoute',
            'DeleteTransitGatewayRouteTable',
            'DeleteTransitGatewayRouteTableAnnouncement',
            'DeleteTransitGatewayVpcAttachment',
            'DeleteVerifiedAccessEndpoint',
            'DeleteVerifiedAccessGroup',
            'DeleteVerifiedAccessInstance',
            'DeleteVerifiedAccessTrustProvider',
            'DeleteVolume',
            'DeleteVpc',
            'DeleteVpcBlockPublicAccessExclusion',
            'DeleteVpcEncryptionControl',
            'DeleteVpcEndpointConnectionNotifications',
            'DeleteVpcEndpointServiceConfigurations',
            'DeleteVpcEndpoints',
            'DeleteVpcPeeringConnection',
            'DeleteVpnConcentrator',
            'DeleteVpnConnection',
            'DeleteVpnConnectionRoute',
            'DeleteVpnGateway',
            'DeprovisionByoipCidr',
            'DeprovisionIpamByoasn',
            'DeprovisionIpamPoolCidr',
            'DeprovisionPublicIpv4PoolCidr',
            'DeregisterImage',
            'DeregisterInstanceEventNotificationAttributes',
            'DeregisterTransitGatewayMulticastGroupMembers',
            'DeregisterTransitGatewayMulticastGroupSources',
            'DetachClassicLinkVpc',
            'DetachInternetGateway',
            'DetachNetworkInterface',
            'DetachVerifiedAccessTrustProvider',
            'DetachVolume',
            'DetachVpnGateway',
            'DisableAddressTransfer',
            'DisableAllowedImagesSettings',
            'DisableAwsNetworkPerformanceMetricSubscription',
            'DisableCapacityManager',
            'DisableEbsEncryptionByDefault',
            'DisableFastLaunch',
            'DisableFastSnapshotRestores',
            'DisableImage',
            'DisableImageBlockPublicAccess',
            'DisableImageDeprecation',
            'DisableImageDeregistrationProtection',
            'DisableInstanceSqlHaStandbyDetections',
            'DisableIpamOrganizationAdminAccount',
            'DisableIpamPolicy',
            'DisableRouteServerPropagation',
            'DisableSerialConsoleAccess',
            'DisableSnapshotBlockPublicAccess',
            'DisableTransitGatewayRouteTablePropagation',
            'DisableVgwRoutePropagation',
            'DisableVpcClassicLink',
            'DisableVpcClassicLinkDnsSupport',
            'DisassociateAddress',
            'DisassociateCapacityReservationBillingOwner',
            'DisassociateClientVpnTargetNetwork',
            'DisassociateEnclaveCertificateIamRole',
            'DisassociateIamInstanceProfile',
            'DisassociateInstanceEventWindow',
            'DisassociateIpamByoasn',
            'DisassociateIpamResourceDiscovery',
            'DisassociateNatGatewayAddress',
            'DisassociateRouteServer',
            'DisassociateRouteTable',
            'DisassociateSecurityGroupVpc',
            'DisassociateSubnetCidrBlock',
            'DisassociateTransitGatewayMulticastDomain',
            'DisassociateTransitGatewayPolicyTable',
            'DisassociateTransitGatewayRouteTable',
            'DisassociateTrunkInterface',
            'DisassociateVpcCidrBlock',
            'EnableAddressTransfer',
            'EnableAllowedImagesSettings',
            'EnableAwsNetworkPerformanceMetricSubscription',
            'EnableCapacityManager',
            'EnableEbsEncryptionByDefault',
            'EnableFastLaunch',
            'EnableFastSnapshotRestores',
            'EnableImage',
            'EnableImageBlockPublicAccess',
            'EnableImageDeprecation',
            'EnableImageDeregistrationProtection',
            'EnableInstanceSqlHaStandbyDetections',
            'EnableIpamOrganizationAdminAccount',
            'EnableIpamPolicy',
            'EnableReachabilityAnalyzerOrganizationSharing',
            'EnableRouteServerPropagation',
            'EnableSerialConsoleAccess',
            'EnableSnapshotBlockPublicAccess',
            'EnableTransitGatewayRouteTablePropagation',
            'EnableVgwRoutePropagation',
            'EnableVolumeIO',
            'EnableVpcClassicLink',
            'EnableVpcClassicLinkDnsSupport',
            'ExportClientVpnClientCertificateRevocationList',
            'ExportClientVpnClientConfiguration',
            'ExportImage',
            'ExportTransitGatewayRoutes',
            'ExportVerifiedAccessInstanceClientConfiguration',
            'ImportClientVpnClientCertificateRevocationList',
            'ImportImage',
            'ImportInstance',
            'ImportKeyPair',
            'ImportSnapshot',
            'ImportVolume',
            'LockSnapshot',
            'ModifyAddressAttribute',
            'ModifyAvailabilityZoneGroup',
            'ModifyCapacityReservation',
            'ModifyCapacityReservationFleet',
            'ModifyClientVpnEndpoint',
            'ModifyDefaultCreditSpecification',
            'ModifyEbsDefaultKmsKeyId',
            'ModifyFleet',
            'ModifyFpgaImageAttribute',
            'ModifyHosts',
            'ModifyIdFormat',
            'ModifyIdentityIdFormat',
            'ModifyImageAttribute',
            'ModifyInstanceAttribute',
            'ModifyInstanceCapacityReservationAttributes',
            'ModifyInstanceConnectEndpoint',
            'ModifyInstanceCpuOptions',
            'ModifyInstanceCreditSpecification',
            'ModifyInstanceEventStartTime',
            'ModifyInstanceEventWindow',
            'ModifyInstanceMaintenanceOptions',
            'ModifyInstanceMetadataDefaults',
            'ModifyInstanceMetadataOptions',
            'ModifyInstanceNetworkPerformanceOptions',
            'ModifyInstancePlacement',
            'ModifyIpam',
            'ModifyIpamPolicyAllocationRules',
            'ModifyIpamPool',
            'ModifyIpamPoolAllocation',
            'ModifyIpamPrefixListResolver',
            'ModifyIpamPrefixListResolverTarget',
            'ModifyIpamResourceCidr',
            'ModifyIpamResourceDiscovery',
            'ModifyIpamScope',
            'ModifyLaunchTemplate',
            'ModifyLocalGatewayRoute',
            'ModifyManagedPrefixList',
            'ModifyManagedResourceVisibility',
            'ModifyNetworkInterfaceAttribute',
            'ModifyPrivateDnsNameOptions',
            'ModifyPublicIpDnsNameOptions',
            'ModifyReservedInstances',
            'ModifyRouteServer',
            'ModifySecurityGroupRules',
            'ModifySnapshotAttribute',
            'ModifySnapshotTier',
            'ModifySpotFleetRequest',
            'ModifySubnetAttribute',
            'ModifyTrafficMirrorFilterNetworkServices',
            'ModifyTrafficMirrorFilterRule',
            'ModifyTrafficMirrorSession',
            'ModifyTransitGateway',
            'ModifyTransitGatewayMeteringPolicy',
            'ModifyTransitGatewayPrefixListReference',
            'ModifyTransitGatewayVpcAttachment',
            'ModifyVerifiedAccessEndpoint',
            'ModifyVerifiedAccessEndpointPolicy',
            'ModifyVerifiedAccessGroup',
            'ModifyVerifiedAccessGroupPolicy',
            'ModifyVerifiedAccessInstance',
            'ModifyVerifiedAccessInstanceLoggingConfiguration',
            'ModifyVerifiedAccessTrustProvider',
            'ModifyVolume',
            'ModifyVolumeAttribute',
            'ModifyVpcAttribute',
            'ModifyVpcBlockPublicAccessExclusion',
            'ModifyVpcBlockPublicAccessOptions',
            'ModifyVpcEncryptionControl',
            'ModifyVpcEndpoint',
            'ModifyVpcEndpointConnectionNotification',
            'ModifyVpcEndpointServiceConfiguration',
            'ModifyVpcEndpointServicePayerResponsibility',
            'ModifyVpcEndpointServicePermissions',
            'ModifyVpcPeeringConnectionOptions',
            'ModifyVpcTenancy',
            'ModifyVpnConnection',
            'ModifyVpnConnectionOptions',
            'ModifyVpnTunnelCertificate',
            'ModifyVpnTunnelOptions',
            'MonitorInstances',
            'MoveAddressToVpc',
            'MoveByoipCidrToIpam',
            'MoveCapacityReservationInstances',
            'ProvisionByoipCidr',
            'ProvisionIpamByoasn',
            'ProvisionIpamPoolCidr',
            'ProvisionPublicIpv4PoolCidr',
            'PurchaseCapacityBlock',
            'PurchaseCapacityBlockExtension',
            'PurchaseHostReservation',
            'PurchaseReservedInstancesOffering',
            'PurchaseScheduledInstances',
            'RebootInstances',
            'RegisterImage',
            'RegisterInstanceEventNotificationAttributes',
            'RegisterTransitGatewayMulticastGroupMembers',
            'RegisterTransitGatewayMulticastGroupSources',
            'RejectCapacityReservationBillingOwnership',
            'RejectTransitGatewayClientVpnAttachment',
            'RejectTransitGatewayMulticastDomainAssociations',
            'RejectTransitGatewayPeeringAttachment',
            'RejectTransitGatewayVpcAttachment',
            'RejectVpcEndpointConnections',
            'RejectVpcPeeringConnection',
            'ReleaseAddress',
            'ReleaseHosts',
            'ReleaseIpamPoolAllocation',
            'ReplaceIamInstanceProfileAssociation',
            'ReplaceImageCriteriaInAllowedImagesSettings',
            'ReplaceNetworkAclAssociation',
            'ReplaceNetworkAclEntry',
            'ReplaceRoute',
            'ReplaceRouteTableAssociation',
            'ReplaceTransitGatewayRoute',
            'ReplaceVpnTunnel',
            'ReportInstanceStatus',
            'RequestSpotFleet',
            'RequestSpotInstances',
            'ResetAddressAttribute',
            'ResetEbsDefaultKmsKeyId',
            'ResetFpgaImageAttribute',
            'ResetImageAttribute',
            'ResetInstanceAttribute',
            'ResetNetworkInterfaceAttribute',
            'ResetSnapshotAttribute',
            'RestoreAddressToClassic',
            'RestoreImageFromRecycleBin',
            'RestoreManagedPrefixListVersion',
            'RestoreSnapshotFromRecycleBin',
            'RestoreSnapshotTier',
            'RestoreVolumeFromRecycleBin',
            'RevokeClientVpnIngress',
            'RevokeSecurityGroupEgress',
            'RevokeSecurityGroupIngress',
            'RunInstances',
            'RunScheduledInstances',
            'SendDiagnosticInterrupt',
            'StartDeclarativePoliciesReport',
            'StartInstances',
            'StartNetworkInsightsAccessScopeAnalysis',
            'StartNetworkInsightsAnalysis',
            'StartVpcEndpointServicePrivateDnsVerification',
            'StopInstances',
            'TerminateClientVpnConnections',
            'TerminateInstances',
            'UnassignIpv6Addresses',
            'UnassignPrivateIpAddresses',
            'UnassignPrivateNatGatewayAddress',
            'UnlockSnapshot',
            'UnmonitorInstances',
            'UpdateCapacityManagerMonitoredTagKeys',
            'UpdateCapacityManagerOrganizationsAccess',
            'UpdateInterruptibleCapacityReservationAllocation',
            'UpdateSecurityGroupRuleDescriptionsEgress',
            'UpdateSecurityGroupRuleDescriptionsIngress',
            'WithdrawByoipCidr',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('ec2'),
        },
      ],
    },
  ],
  'dns-query-logging-removed': [
    {
      service: 'route53resolver',
      eventSource: 'route53resolver.amazonaws.com',
      leftOut: [
        {
          reason: 'creates a query logging configuration or associates a VPC with one: it narrows nothing',
          operations: ['CreateResolverQueryLogConfig', 'AssociateResolverQueryLogConfig'],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason:
            'DNS Firewall, Resolver endpoints and rules, Outposts resolvers, DNSSEC validation and reverse lookups filter, forward or answer queries: they remove no query logging configuration or association',
          operations: [
            'AssociateFirewallRuleGroup',
            'AssociateResolverEndpointIpAddress',
            'AssociateResolverRule',
            'CreateFirewallDomainList',
            'CreateFirewallRule',
            'CreateFirewallRuleGroup',
            'CreateOutpostResolver',
            'CreateResolverEndpoint',
            'CreateResolverRule',
            'DeleteFirewallDomainList',
            'DeleteFirewallRule',
            'DeleteFirewallRuleGroup',
            'DeleteOutpostResolver',
            'DeleteResolverEndpoint',
            'DeleteResolverRule',
            'DisassociateFirewallRuleGroup',
            'DisassociateResolverEndpointIpAddress',
            'DisassociateResolverRule',
            'ImportFirewallDomains',
            'PutFirewallRuleGroupPolicy',
            'PutResolverRulePolicy',
            'UpdateFirewallConfig',
            'UpdateFirewallDomains',
            'UpdateFirewallRule',
            'UpdateFirewallRuleGroupAssociation',
            'UpdateOutpostResolver',
            'UpdateResolverConfig',
            'UpdateResolverDnssecConfig',
            'UpdateResolverEndpoint',
            'UpdateResolverRule',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('route53resolver'),
        },
      ],
    },
    {
      service: 'route53',
      eventSource: 'route53.amazonaws.com',
      leftOut: [
        {
          reason: 'creates a query logging configuration: it narrows nothing',
          operations: ['CreateQueryLoggingConfig'],
        },
        {
          reason: 'deletes a hosted zone, whose queries stop with it: nothing is left unlogged',
          operations: ['DeleteHostedZone'],
        },
        {
          reason:
            'records, zones, health checks, DNSSEC, traffic policies, CIDR collections and tags change what a zone answers: they remove no query logging configuration',
          operations: [
            'ActivateKeySigningKey',
            'AssociateVPCWithHostedZone',
            'ChangeCidrCollection',
            'ChangeResourceRecordSets',
            'ChangeTagsForResource',
            'CreateCidrCollection',
            'CreateHealthCheck',
            'CreateHostedZone',
            'CreateKeySigningKey',
            'CreateReusableDelegationSet',
            'CreateTrafficPolicy',
            'CreateTrafficPolicyInstance',
            'CreateTrafficPolicyVersion',
            'CreateVPCAssociationAuthorization',
            'DeactivateKeySigningKey',
            'DeleteCidrCollection',
            'DeleteHealthCheck',
            'DeleteKeySigningKey',
            'DeleteReusableDelegationSet',
            'DeleteTrafficPolicy',
            'DeleteTrafficPolicyInstance',
            'DeleteVPCAssociationAuthorization',
            'DisableHostedZoneDNSSEC',
            'DisassociateVPCFromHostedZone',
            'EnableHostedZoneDNSSEC',
            'TestDNSAnswer',
            'UpdateHealthCheck',
            'UpdateHostedZoneComment',
            'UpdateHostedZoneFeatures',
            'UpdateTrafficPolicyComment',
            'UpdateTrafficPolicyInstance',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('route53'),
        },
      ],
    },
  ],
  's3-block-public-access-removed': [
    {
      service: 's3',
      eventSource: 's3.amazonaws.com',
      recordedAs: {
        DeletePublicAccessBlock: 'DeleteBucketPublicAccessBlock',
        PutPublicAccessBlock: 'PutBucketPublicAccessBlock',
      },
      leftOut: [
        { reason: 'deletes the bucket: nothing in it is left to expose', operations: ['DeleteBucket'] },
        {
          reason:
            'does not change Block Public Access (a public grant it makes is refused or ignored while the block is on)',
          operations: ['PutBucketPolicy', 'PutBucketAcl', 'PutObjectAcl'],
        },
        {
          reason: 'does not change Block Public Access',
          operations: [
            'AbortMultipartUpload',
            'CompleteMultipartUpload',
            'CopyObject',
            'CreateBucket',
            'CreateBucketMetadataConfiguration',
            'CreateBucketMetadataTableConfiguration',
            'CreateMultipartUpload',
            'CreateSession',
            'DeleteBucketAnalyticsConfiguration',
            'DeleteBucketCors',
            'DeleteBucketEncryption',
            'DeleteBucketIntelligentTieringConfiguration',
            'DeleteBucketInventoryConfiguration',
            'DeleteBucketLifecycle',
            'DeleteBucketMetadataConfiguration',
            'DeleteBucketMetadataTableConfiguration',
            'DeleteBucketMetricsConfiguration',
            'DeleteBucketOwnershipControls',
            'DeleteBucketPolicy',
            'DeleteBucketReplication',
            'DeleteBucketTagging',
            'DeleteBucketWebsite',
            'DeleteObject',
            'DeleteObjectTagging',
            'DeleteObjects',
            'PutBucketAbac',
            'PutBucketAccelerateConfiguration',
            'PutBucketAnalyticsConfiguration',
            'PutBucketCors',
            'PutBucketEncryption',
            'PutBucketIntelligentTieringConfiguration',
            'PutBucketInventoryConfiguration',
            'PutBucketLifecycle',
            'PutBucketLifecycleConfiguration',
            'PutBucketLogging',
            'PutBucketMetricsConfiguration',
            'PutBucketNotification',
            'PutBucketNotificationConfiguration',
            'PutBucketOwnershipControls',
            'PutBucketReplication',
            'PutBucketRequestPayment',
            'PutBucketTagging',
            'PutBucketVersioning',
            'PutBucketWebsite',
            'PutObject',
            'PutObjectLegalHold',
            'PutObjectLockConfiguration',
            'PutObjectRetention',
            'PutObjectTagging',
            'RenameObject',
            'RestoreObject',
            'UpdateBucketMetadataInventoryTableConfiguration',
            'UpdateBucketMetadataJournalTableConfiguration',
            'UpdateObjectEncryption',
            'UploadPart',
            'UploadPartCopy',
            'WriteGetObjectResponse',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('s3'),
        },
      ],
    },
    {
      service: 's3control',
      eventSource: 's3.amazonaws.com',
      recordedAs: {
        DeletePublicAccessBlock: 'DeleteAccountPublicAccessBlock',
        PutPublicAccessBlock: 'PutAccountPublicAccessBlock',
      },
      leftOut: [
        {
          reason:
            "an access point's own block is set when it is created and cannot be changed; S3 still applies the bucket's and the account's block to every request through it (S3 User Guide, access points' block public access)",
          operations: ['CreateAccessPoint', 'CreateAccessPointForObjectLambda', 'CreateMultiRegionAccessPoint'],
        },
        {
          reason: 'does not change Block Public Access',
          operations: [
            'AssociateAccessGrantsIdentityCenter',
            'CreateAccessGrant',
            'CreateAccessGrantsInstance',
            'CreateAccessGrantsLocation',
            'CreateBucket',
            'CreateJob',
            'CreateStorageLensGroup',
            'DeleteAccessGrant',
            'DeleteAccessGrantsInstance',
            'DeleteAccessGrantsInstanceResourcePolicy',
            'DeleteAccessGrantsLocation',
            'DeleteAccessPoint',
            'DeleteAccessPointForObjectLambda',
            'DeleteAccessPointPolicy',
            'DeleteAccessPointPolicyForObjectLambda',
            'DeleteAccessPointScope',
            'DeleteBucket',
            'DeleteBucketLifecycleConfiguration',
            'DeleteBucketPolicy',
            'DeleteBucketReplication',
            'DeleteBucketTagging',
            'DeleteJobTagging',
            'DeleteMultiRegionAccessPoint',
            'DeleteStorageLensConfiguration',
            'DeleteStorageLensConfigurationTagging',
            'DeleteStorageLensGroup',
            'DissociateAccessGrantsIdentityCenter',
            'PutAccessGrantsInstanceResourcePolicy',
            'PutAccessPointConfigurationForObjectLambda',
            'PutAccessPointPolicy',
            'PutAccessPointPolicyForObjectLambda',
            'PutAccessPointScope',
            'PutBucketLifecycleConfiguration',
            'PutBucketPolicy',
            'PutBucketReplication',
            'PutBucketTagging',
            'PutBucketVersioning',
            'PutJobTagging',
            'PutMultiRegionAccessPointPolicy',
            'PutStorageLensConfiguration',
            'PutStorageLensConfigurationTagging',
            'SubmitMultiRegionAccessPointRoutes',
            'TagResource',
            'UntagResource',
            'UpdateAccessGrantsLocation',
            'UpdateJobPriority',
            'UpdateJobStatus',
            'UpdateStorageLensGroup',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('s3control'),
        },
      ],
    },
  ],
  'threat-detection-disabled': [
    {
      service: 'guardduty',
      eventSource: 'guardduty.amazonaws.com',
      leftOut: [
        {
          reason: 'trusted and threat lists: guardduty-lists-changed fires on those that silence GuardDuty',
          operations: [
            'CreateIPSet',
            'UpdateIPSet',
            'DeleteIPSet',
            'CreateThreatIntelSet',
            'UpdateThreatIntelSet',
            'DeleteThreatIntelSet',
            'CreateTrustedEntitySet',
            'UpdateTrustedEntitySet',
            'DeleteTrustedEntitySet',
            'CreateThreatEntitySet',
            'UpdateThreatEntitySet',
            'DeleteThreatEntitySet',
          ],
        },
        {
          reason: 'findings filters: guardduty-findings-suppressed fires on those that archive findings',
          operations: ['CreateFilter', 'UpdateFilter', 'DeleteFilter'],
        },
        {
          reason:
            'archives or rates findings already raised (GuardDuty sent them to EventBridge when it found them); it stops no detection',
          operations: ['ArchiveFindings', 'UnarchiveFindings', 'UpdateFindingsFeedback'],
        },
        {
          reason:
            'stops the export of findings to an S3 bucket; GuardDuty goes on finding and sends them to EventBridge',
          operations: ['DeletePublishingDestination', 'UpdatePublishingDestination'],
        },
        {
          reason:
            'declines or deletes invitations to become a member: membership is ended by the disassociate calls, which this detection catches',
          operations: ['DeclineInvitations', 'DeleteInvitations'],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: 'creates, enables, invites or widens: it narrows nothing',
          operations: [
            'CreateDetector',
            'AcceptAdministratorInvitation',
            'AcceptInvitation',
            'CreateMembers',
            'InviteMembers',
            'StartMonitoringMembers',
            'EnableOrganizationAdminAccount',
            'CreateMalwareProtectionPlan',
            'CreatePublishingDestination',
            'CreateSampleFindings',
            'StartMalwareScan',
            'SendObjectMalwareScan',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('guardduty'),
        },
      ],
    },
    {
      service: 'securityhub',
      eventSource: 'securityhub.amazonaws.com',
      leftOut: [
        {
          reason:
            'changes the workflow, notes or severity of findings already raised (Security Hub sent them to EventBridge when they arrived); it turns no check off',
          operations: ['BatchUpdateFindings', 'BatchUpdateFindingsV2', 'UpdateFindings'],
        },
        {
          reason: 'a finding provider adds or updates its own findings: it turns no check off',
          operations: ['BatchImportFindings'],
        },
        {
          reason: 'deletes an automation rule: findings are no longer changed by it, which narrows nothing',
          operations: ['BatchDeleteAutomationRules', 'DeleteAutomationRuleV2'],
        },
        {
          reason:
            'declines or deletes invitations to become a member: membership is ended by the disassociate calls, which this detection catches',
          operations: ['DeclineInvitations', 'DeleteInvitations'],
        },
        {
          reason:
            'insights, custom actions, ticketing connectors and recommended policies show or act on findings; they change no check',
          operations: [
            'CreateInsight',
            'UpdateInsight',
            'DeleteInsight',
            'CreateActionTarget',
            'UpdateActionTarget',
            'DeleteActionTarget',
            'CreateConnectorV2',
            'UpdateConnectorV2',
            'DeleteConnectorV2',
            'RegisterConnectorV2',
            'CreateTicketV2',
            'GenerateRecommendedPolicyV2',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: 'creates, enables, invites or associates: it narrows nothing',
          operations: [
            'EnableSecurityHub',
            'EnableSecurityHubV2',
            'AcceptAdministratorInvitation',
            'AcceptInvitation',
            'CreateMembers',
            'InviteMembers',
            'EnableOrganizationAdminAccount',
            'EnableImportFindingsForProduct',
            'BatchEnableStandards',
            'CreateConfigurationPolicy',
            'StartConfigurationPolicyAssociation',
            'CreateFindingAggregator',
            'CreateAggregatorV2',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('securityhub'),
        },
      ],
    },
  ],
  'guardduty-lists-changed': [
    {
      service: 'guardduty',
      eventSource: 'guardduty.amazonaws.com',
      leftOut: [
        {
          reason: 'deletes a trusted list, so GuardDuty finds more, not less',
          operations: ['DeleteIPSet', 'DeleteTrustedEntitySet'],
        },
        {
          reason: 'adds a threat list, so GuardDuty finds more, not less',
          operations: ['CreateThreatIntelSet', 'CreateThreatEntitySet'],
        },
        {
          reason: 'deletes or detaches the detector, with its lists: threat-detection-disabled fires on it',
          coveredBy: { evasion: 'threat-detection-disabled' },
          operations: [
            'DeleteDetector',
            'DisassociateFromMasterAccount',
            'DisassociateFromAdministratorAccount',
            'DisassociateMembers',
            'DeleteMembers',
            'StopMonitoringMembers',
            'DisableOrganizationAdminAccount',
          ],
        },
        {
          reason: 'does not touch the trusted or threat lists',
          operations: [
            'AcceptAdministratorInvitation',
            'AcceptInvitation',
            'ArchiveFindings',
            'CreateDetector',
            'CreateFilter',
            'CreateMalwareProtectionPlan',
            'CreateMembers',
            'CreatePublishingDestination',
            'CreateSampleFindings',
            'DeclineInvitations',
            'DeleteFilter',
            'DeleteInvitations',
            'DeleteMalwareProtectionPlan',
            'DeletePublishingDestination',
            'EnableOrganizationAdminAccount',
            'InviteMembers',
            'SendObjectMalwareScan',
            'StartMalwareScan',
            'StartMonitoringMembers',
            'TagResource',
            'UnarchiveFindings',
            'UntagResource',
            'UpdateDetector',
            'UpdateFilter',
            'UpdateFindingsFeedback',
            'UpdateMalwareProtectionPlan',
            'UpdateMalwareScanSettings',
            'UpdateMemberDetectors',
            'UpdateOrganizationConfiguration',
            'UpdatePublishingDestination',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('guardduty'),
        },
      ],
    },
  ],
  'guardduty-findings-suppressed': [
    {
      service: 'guardduty',
      eventSource: 'guardduty.amazonaws.com',
      leftOut: [
        {
          reason: 'deletes a filter, so findings it archived arrive again: it suppresses nothing',
          operations: ['DeleteFilter'],
        },
        {
          reason:
            'archives findings already raised, one list at a time (GuardDuty sent them to EventBridge when it found them); it archives no finding still to come',
          operations: ['ArchiveFindings'],
        },
        {
          reason: 'deletes or detaches the detector, and its filters: threat-detection-disabled fires on it',
          coveredBy: { evasion: 'threat-detection-disabled' },
          operations: [
            'DeleteDetector',
            'DisassociateFromMasterAccount',
            'DisassociateFromAdministratorAccount',
            'DisassociateMembers',
            'DeleteMembers',
            'StopMonitoringMembers',
            'DisableOrganizationAdminAccount',
          ],
        },
        {
          reason: 'trusted and threat lists: guardduty-lists-changed fires on those that silence GuardDuty',
          operations: [
            'CreateIPSet',
            'UpdateIPSet',
            'DeleteIPSet',
            'CreateThreatIntelSet',
            'UpdateThreatIntelSet',
            'DeleteThreatIntelSet',
            'CreateTrustedEntitySet',
            'UpdateTrustedEntitySet',
            'DeleteTrustedEntitySet',
            'CreateThreatEntitySet',
            'UpdateThreatEntitySet',
            'DeleteThreatEntitySet',
          ],
        },
        {
          reason: 'does not archive findings as they arrive',
          operations: [
            'AcceptAdministratorInvitation',
            'AcceptInvitation',
            'CreateDetector',
            'CreateMalwareProtectionPlan',
            'CreateMembers',
            'CreatePublishingDestination',
            'CreateSampleFindings',
            'DeclineInvitations',
            'DeleteInvitations',
            'DeleteMalwareProtectionPlan',
            'DeletePublishingDestination',
            'EnableOrganizationAdminAccount',
            'InviteMembers',
            'SendObjectMalwareScan',
            'StartMalwareScan',
            'StartMonitoringMembers',
            'TagResource',
            'UnarchiveFindings',
            'UntagResource',
            'UpdateDetector',
            'UpdateFindingsFeedback',
            'UpdateMalwareProtectionPlan',
            'UpdateMalwareScanSettings',
            'UpdateMemberDetectors',
            'UpdateOrganizationConfiguration',
            'UpdatePublishingDestination',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('guardduty'),
        },
      ],
    },
  ],
  'access-analyzer-deleted': [
    {
      service: 'accessanalyzer',
      eventSource: 'access-analyzer.amazonaws.com',
      leftOut: [
        {
          reason: 'deletes an archive rule, so findings it would archive stay active: it hides nothing',
          operations: ['DeleteArchiveRule'],
        },
        {
          reason: 'sets the status of findings already reported, one list at a time; no analysis stops',
          operations: ['UpdateFindings'],
        },
        {
          reason: 'creates an analyzer (a service-linked one only when an AWS service calls): it narrows nothing',
          operations: ['CreateAnalyzer', 'CreateServiceLinkedAnalyzer'],
        },
        {
          reason:
            'checks, previews, scans or generates policies and recommendations on request; it changes no analyzer or finding',
          operations: [
            'CheckAccessNotGranted',
            'CheckNoNewAccess',
            'CheckNoPublicAccess',
            'CreateAccessPreview',
            'GenerateFindingRecommendation',
            'StartPolicyGeneration',
            'CancelPolicyGeneration',
            'StartResourceScan',
            'ValidatePolicy',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('accessanalyzer'),
        },
      ],
    },
  ],
  'kms-key-policy-changed': [
    {
      service: 'kms',
      eventSource: 'kms.amazonaws.com',
      leftOut: [
        {
          reason: 'disables a key or schedules its deletion: CIS cmk-disable-or-deletion fires on it',
          coveredBy: { cis: 'cmk-disable-or-deletion' },
          operations: ['DisableKey', 'ScheduleKeyDeletion'],
        },
        {
          reason:
            'deletes a custom key store, which it can only do once the store holds no keys (its reference): the keys went with ScheduleKeyDeletion',
          operations: ['DeleteCustomKeyStore'],
        },
        {
          reason:
            "ends a grant: the key policy, which gives CloudTrail, CloudWatch Logs, SNS and the archive's readers their use of this product's keys, stays",
          operations: ['RetireGrant', 'RevokeGrant'],
        },
        {
          reason: 'uses a key for cryptography or randomness: it changes no key',
          operations: [
            'Encrypt',
            'Decrypt',
            'ReEncrypt',
            'GenerateDataKey',
            'GenerateDataKeyPair',
            'GenerateDataKeyPairWithoutPlaintext',
            'GenerateDataKeyWithoutPlaintext',
            'GenerateMac',
            'VerifyMac',
            'GenerateRandom',
            'Sign',
            'Verify',
            'DeriveSharedSecret',
          ],
        },
        {
          reason: 'creates, enables, rotates, replicates or grants: it narrows nothing',
          operations: [
            'CreateKey',
            'CreateAlias',
            'CreateGrant',
            'CreateCustomKeyStore',
            'ConnectCustomKeyStore',
            'EnableKey',
            'EnableKeyRotation',
            'RotateKeyOnDemand',
            'CancelKeyDeletion',
            'ReplicateKey',
            'UpdatePrimaryRegion',
            'UpdateKeyDescription',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('kms'),
        },
      ],
    },
  ],
  'log-pipeline-deleted': [
    {
      service: 'logs',
      eventSource: 'logs.amazonaws.com',
      leftOut: [
        {
          reason:
            "sets a log group's retention: CreateLogGroup takes none, so every log group deployed with one calls it and it cannot page; the trail's S3 copy keeps what expires, and DenyTrailLogGroupChanges, where it binds, denies it on the trail's group",
          operations: ['PutRetentionPolicy'],
        },
        {
          reason:
            "creates or replaces a log group's subscription filter: every deploy that subscribes a log group calls it, so it cannot page; the archive's account-wide subscription filter policy is PutAccountPolicy's, which this detection catches",
          operations: ['PutSubscriptionFilter'],
        },
        {
          reason:
            "a transformer rewrites events as they arrive, but metric and subscription filters read them as ingested unless made with applyOnTransformedLogs (the MetricFilter and SubscriptionFilter references), which this product's are not",
          operations: ['PutTransformer'],
        },
        {
          reason:
            'masks matching data when events are viewed; users with logs:Unmask read them whole (its reference), and no event, filter or subscription goes',
          operations: ['PutDataProtectionPolicy'],
        },
        {
          reason: 'stops encrypting new events with a key; it removes no event, filter or subscription',
          operations: ['DisassociateKmsKey'],
        },
        {
          reason: "turns a log group's deletion protection off or on; the deletion it then allows fires this detection",
          operations: ['PutLogGroupDeletionProtection'],
        },
        {
          reason:
            'sets whether HTTP clients may send a log group events with a bearer token; CloudTrail and AWS services deliver with their own credentials',
          operations: ['PutBearerTokenAuthentication'],
        },
        {
          reason: 'changes where in S3 and in what format a delivery writes; the delivery goes on',
          operations: ['UpdateDeliveryConfiguration'],
        },
        {
          reason:
            'removes a retention limit, masking, transformer, index, anomaly detector, saved or scheduled query, lookup table, integration or export: events, filters and subscriptions stay',
          operations: [
            'DeleteRetentionPolicy',
            'DeleteDataProtectionPolicy',
            'DeleteTransformer',
            'DeleteIndexPolicy',
            'DeleteLogAnomalyDetector',
            'DeleteQueryDefinition',
            'DeleteScheduledQuery',
            'DeleteLookupTable',
            'DeleteIntegration',
            'DisassociateSourceFromS3TableIntegration',
            'CancelExportTask',
            'CancelImportTask',
            'UpdateAnomaly',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource', 'TagLogGroup', 'UntagLogGroup'] },
        {
          reason:
            'creates, writes, queries, tests or exports, or changes a query, index, anomaly detector or lookup table: no event, filter or subscription goes',
          operations: [
            'AssociateKmsKey',
            'AssociateSourceToS3TableIntegration',
            'CreateDelivery',
            'CreateExportTask',
            'CreateImportTask',
            'CreateLogAnomalyDetector',
            'CreateLogGroup',
            'CreateLogStream',
            'CreateLookupTable',
            'CreateScheduledQuery',
            'FilterLogEvents',
            'PutIndexPolicy',
            'PutIntegration',
            'PutLogEvents',
            'PutQueryDefinition',
            'StartLiveTail',
            'StartQuery',
            'StopQuery',
            'TestMetricFilter',
            'TestTransformer',
            'UpdateLogAnomalyDetector',
            'UpdateLookupTable',
            'UpdateScheduledQuery',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations(
            'logs',
            'FilterLogEvents',
            'StartLiveTail',
            'StartQuery',
            'StopQuery',
            'TestMetricFilter',
            'TestTransformer',
          ),
        },
      ],
    },
    {
      service: 'firehose',
      eventSource: 'firehose.amazonaws.com',
      leftOut: [
        {
          reason:
            'creates a stream, writes records into one or encrypts it: nothing that delivers stops or goes elsewhere',
          operations: ['CreateDeliveryStream', 'PutRecord', 'PutRecordBatch', 'StartDeliveryStreamEncryption'],
        },
        { reason: TAGS, operations: ['TagDeliveryStream', 'UntagDeliveryStream'] },
        { reason: READS, operations: readOnlyOperations('firehose') },
      ],
    },
    {
      service: 'oam',
      eventSource: 'oam.amazonaws.com',
      leftOut: [
        {
          reason: 'creates a link or a sink: more is shared, nothing stops being searchable',
          operations: ['CreateLink', 'CreateSink'],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('oam'),
        },
      ],
    },
    {
      service: 'opensearchserverless',
      eventSource: 'aoss.amazonaws.com',
      leftOut: [
        {
          reason:
            'creates a collection, collection group, index, policy, sign-in configuration or VPC endpoint: what the search tier indexes and keeps stays (a new access or network policy widens who reaches it, which DenySearchCollectionChanges and DenySearchSecurityPolicyChanges deny in the log archive)',
          operations: [
            'CreateCollection',
            'CreateCollectionGroup',
            'CreateIndex',
            'CreateAccessPolicy',
            'CreateSecurityPolicy',
            'CreateSecurityConfig',
            'CreateVpcEndpoint',
          ],
        },
        {
          reason:
            "changes or deletes a collection group, which holds only the collections created into it: the search tier's collection is created in none",
          operations: ['UpdateCollectionGroup', 'DeleteCollectionGroup'],
        },
        {
          reason:
            "changes a collection's description or a vector collection's options (UpdateCollection's reference): nothing is indexed or kept otherwise",
          operations: ['UpdateCollection'],
        },
        {
          reason:
            "changes or deletes a VPC endpoint: the analysts' way in, not what is indexed or kept; DenySearchCollectionChanges denies it in the log archive",
          operations: ['UpdateVpcEndpoint', 'DeleteVpcEndpoint'],
        },
        {
          reason:
            'changes or deletes a SAML or IAM Identity Center sign-in configuration of the dashboards: the search tier admits IAM roles only',
          operations: ['UpdateSecurityConfig', 'DeleteSecurityConfig'],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('opensearchserverless'),
        },
      ],
    },
    {
      service: 'osis',
      eventSource: 'osis.amazonaws.com',
      leftOut: [
        {
          reason: 'creates, starts or validates a pipeline: nothing stops indexing',
          operations: ['CreatePipeline', 'StartPipeline', 'ValidatePipeline'],
        },
        {
          reason:
            "a pipeline endpoint or resource policy lets VPCs or accounts push data into a pipeline's HTTP or OpenTelemetry source; the search tier's pipeline pulls from its queues and has neither",
          operations: [
            'CreatePipelineEndpoint',
            'DeletePipelineEndpoint',
            'RevokePipelineEndpointConnections',
            'PutResourcePolicy',
            'DeleteResourcePolicy',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('osis'),
        },
      ],
    },
  ],
  'alarm-silenced': [
    {
      service: 'cloudwatch',
      eventSource: 'monitoring.amazonaws.com',
      leftOut: [
        {
          reason:
            "sets an alarm's state for a test; a metric alarm returns to its actual state quickly, often within seconds (SetAlarmState's reference), and this product's alarms are metric alarms",
          operations: ['SetAlarmState'],
        },
        {
          reason: "publishes data points; it changes no alarm's configuration or actions",
          operations: ['PutMetricData'],
        },
        { reason: 'deletes a mute rule, so alarms it muted notify again', operations: ['DeleteAlarmMuteRule'] },
        { reason: 'enables alarm actions: it narrows nothing', operations: ['EnableAlarmActions'] },
        {
          reason:
            'dashboards, anomaly detectors, Contributor Insights rules, metric streams and OpenTelemetry enrichment show or export metrics; they change no alarm',
          operations: [
            'PutDashboard',
            'DeleteDashboards',
            'PutAnomalyDetector',
            'DeleteAnomalyDetector',
            'PutInsightRule',
            'PutManagedInsightRules',
            'DeleteInsightRules',
            'DisableInsightRules',
            'EnableInsightRules',
            'PutMetricStream',
            'DeleteMetricStream',
            'StartMetricStreams',
            'StopMetricStreams',
            'StartOTelEnrichment',
            'StopOTelEnrichment',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('cloudwatch'),
        },
      ],
    },
    {
      service: 'sns',
      eventSource: 'sns.amazonaws.com',
      leftOut: [
        {
          reason: 'a mobile push platform application or device endpoint: not a topic or a subscription',
          operations: [
            'CreatePlatformApplication',
            'SetPlatformApplicationAttributes',
            'DeletePlatformApplication',
            'CreatePlatformEndpoint',
            'SetEndpointAttributes',
            'DeleteEndpoint',
          ],
        },
        {
          reason: "manages the SMS sandbox's phone numbers or opts a number back in: it removes no subscription",
          operations: [
            'CreateSMSSandboxPhoneNumber',
            'VerifySMSSandboxPhoneNumber',
            'DeleteSMSSandboxPhoneNumber',
            'OptInPhoneNumber',
            'CheckIfPhoneNumberIsOptedOut',
          ],
        },
        {
          reason: 'creates, subscribes, grants or publishes: it narrows nothing',
          operations: ['CreateTopic', 'Subscribe', 'ConfirmSubscription', 'AddPermission', 'Publish', 'PublishBatch'],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('sns', 'CheckIfPhoneNumberIsOptedOut'),
        },
      ],
    },
  ],
  'root-access-key-created': [
    {
      service: 'iam',
      eventSource: 'iam.amazonaws.com',
      leftOut: [
        {
          reason:
            'activates or deactivates a key that exists, creating none; made by the root user it fires CIS root-account-usage',
          coveredBy: { cis: 'root-account-usage' },
          event: { userIdentity: { type: 'Root' } },
          operations: ['UpdateAccessKey'],
        },
        {
          reason:
            'creates a credential that is not an access key (a password, an SSH or signing key, a service credential, an MFA device); made by the root user it fires CIS root-account-usage',
          coveredBy: { cis: 'root-account-usage' },
          event: { userIdentity: { type: 'Root' } },
          operations: [
            'CreateLoginProfile',
            'UpdateLoginProfile',
            'CreateServiceSpecificCredential',
            'ResetServiceSpecificCredential',
            'UploadSSHPublicKey',
            'UploadSigningCertificate',
            'CreateVirtualMFADevice',
            'EnableMFADevice',
          ],
        },
        {
          reason: 'creates no access key',
          operations: [
            'AcceptDelegationRequest',
            'AddClientIDToOpenIDConnectProvider',
            'AddRoleToInstanceProfile',
            'AddUserToGroup',
            'AssociateDelegationRequest',
            'AttachGroupPolicy',
            'AttachRolePolicy',
            'AttachUserPolicy',
            'ChangePassword',
            'CreateAccountAlias',
            'CreateDelegationRequest',
            'CreateGroup',
            'CreateInstanceProfile',
            'CreateOpenIDConnectProvider',
            'CreatePolicy',
            'CreatePolicyVersion',
            'CreateRole',
            'CreateSAMLProvider',
            'CreateServiceLinkedRole',
            'CreateUser',
            'DeactivateMFADevice',
            'DeleteAccessKey',
            'DeleteAccountAlias',
            'DeleteAccountPasswordPolicy',
            'DeleteGroup',
            'DeleteGroupPolicy',
            'DeleteInstanceProfile',
            'DeleteLoginProfile',
            'DeleteOpenIDConnectProvider',
            'DeletePolicy',
            'DeletePolicyVersion',
            'DeleteRole',
            'DeleteRolePermissionsBoundary',
            'DeleteRolePolicy',
            'DeleteSAMLProvider',
            'DeleteSSHPublicKey',
            'DeleteServerCertificate',
            'DeleteServiceLinkedRole',
            'DeleteServiceSpecificCredential',
            'DeleteSigningCertificate',
            'DeleteUser',
            'DeleteUserPermissionsBoundary',
            'DeleteUserPolicy',
            'DeleteVirtualMFADevice',
            'DetachGroupPolicy',
            'DetachRolePolicy',
            'DetachUserPolicy',
            'DisableOrganizationsRootCredentialsManagement',
            'DisableOrganizationsRootSessions',
            'DisableOutboundWebIdentityFederation',
            'EnableOrganizationsRootCredentialsManagement',
            'EnableOrganizationsRootSessions',
            'EnableOutboundWebIdentityFederation',
            'GenerateCredentialReport',
            'GenerateOrganizationsAccessReport',
            'GenerateServiceLastAccessedDetails',
            'PutGroupPolicy',
            'PutRolePermissionsBoundary',
            'PutRolePolicy',
            'PutUserPermissionsBoundary',
            'PutUserPolicy',
            'RejectDelegationRequest',
            'RemoveClientIDFromOpenIDConnectProvider',
            'RemoveRoleFromInstanceProfile',
            'RemoveUserFromGroup',
            'ResyncMFADevice',
            'SendDelegationToken',
            'SetDefaultPolicyVersion',
            'SetSecurityTokenServicePreferences',
            'SimulateCustomPolicy',
            'SimulatePrincipalPolicy',
            'TagInstanceProfile',
            'TagMFADevice',
            'TagOpenIDConnectProvider',
            'TagPolicy',
            'TagRole',
            'TagSAMLProvider',
            'TagServerCertificate',
            'TagUser',
            'UntagInstanceProfile',
            'UntagMFADevice',
            'UntagOpenIDConnectProvider',
            'UntagPolicy',
            'UntagRole',
            'UntagSAMLProvider',
            'UntagServerCertificate',
            'UntagUser',
            'UpdateAccountPasswordPolicy',
            'UpdateAssumeRolePolicy',
            'UpdateDelegationRequest',
            'UpdateGroup',
            'UpdateOpenIDConnectProviderThumbprint',
            'UpdateRole',
            'UpdateRoleDescription',
            'UpdateSAMLProvider',
            'UpdateSSHPublicKey',
            'UpdateServerCertificate',
            'UpdateServiceSpecificCredential',
            'UpdateSigningCertificate',
            'UpdateUser',
            'UploadServerCertificate',
          ],
        },
        {
          reason: READS,
          operations: readOnlyOperations('iam'),
        },
      ],
    },
  ],
  'organization-guardrail-removed': [
    {
      service: 'organizations',
      eventSource: 'organizations.amazonaws.com',
      leftOut: [
        {
          reason:
            'a change to the organization, its accounts, units or policies that CIS organizations-changes fires on (leaving, removing an account, detaching or deleting a policy among them)',
          coveredBy: { cis: 'organizations-changes' },
          operations: [
            'LeaveOrganization',
            'RemoveAccountFromOrganization',
            'DeleteOrganization',
            'MoveAccount',
            'DetachPolicy',
            'UpdatePolicy',
            'DeletePolicy',
            'DisablePolicyType',
            'DeleteOrganizationalUnit',
            'UpdateOrganizationalUnit',
            'AcceptHandshake',
            'AttachPolicy',
            'CreateAccount',
            'CreateOrganizationalUnit',
            'CreatePolicy',
            'DeclineHandshake',
            'EnablePolicyType',
            'InviteAccountToOrganization',
          ],
        },
        {
          reason:
            "the organization's resource policy lets member accounts manage its policies; removing it detaches no policy (CIS organizations-changes sees detachments)",
          operations: ['PutResourcePolicy', 'DeleteResourcePolicy'],
        },
        {
          reason:
            "a responsibility transfer moves billing, the only type the model has: no service's access or administrator changes",
          operations: [
            'InviteOrganizationToTransferResponsibility',
            'UpdateResponsibilityTransfer',
            'TerminateResponsibilityTransfer',
          ],
        },
        {
          reason: 'creates, enables, invites or registers: it narrows nothing',
          operations: [
            'CreateOrganization',
            'CreateGovCloudAccount',
            'EnableAllFeatures',
            'EnableAWSServiceAccess',
            'RegisterDelegatedAdministrator',
            'CancelHandshake',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('organizations'),
        },
      ],
    },
  ],
  'config-rules-deleted': [
    {
      service: 'config',
      eventSource: 'config.amazonaws.com',
      leftOut: [
        {
          reason: 'stops or changes the recorder or the delivery channel: CIS aws-config-changes fires on it',
          coveredBy: { cis: 'aws-config-changes' },
          operations: [
            'StopConfigurationRecorder',
            'PutConfigurationRecorder',
            'DeleteDeliveryChannel',
            'PutDeliveryChannel',
          ],
        },
        {
          reason:
            "creates or updates an account's rule or pack: every deploy of an account's rules, and the services that manage rules for an account, call it, so it cannot page; an organization's are PutOrganizationConfigRule's and PutOrganizationConformancePack's, which this detection catches",
          operations: ['PutConfigRule', 'PutConformancePack'],
        },
        {
          reason:
            "custom rules' functions and process checks report results with it at every evaluation, so it cannot page",
          operations: ['PutEvaluations', 'PutExternalEvaluation'],
        },
        {
          reason: 'remediation acts on what rules find; changing it hides no non-compliance',
          operations: [
            'PutRemediationConfigurations',
            'DeleteRemediationConfiguration',
            'PutRemediationExceptions',
            'DeleteRemediationExceptions',
            'StartRemediationExecution',
          ],
        },
        {
          reason: "records a third-party resource's configuration, or its deletion, as its owner reports it",
          operations: ['PutResourceConfig', 'DeleteResourceConfig'],
        },
        {
          reason: 'removes a custom retention, so Config keeps history for its default period again',
          operations: ['DeleteRetentionConfiguration'],
        },
        {
          reason:
            'saved queries, pending aggregation requests and snapshot deliveries: no rule, recorder or result changes',
          operations: [
            'PutStoredQuery',
            'DeleteStoredQuery',
            'DeletePendingAggregationRequest',
            'DeliverConfigSnapshot',
          ],
        },
        {
          reason: 'creates, starts, authorizes or evaluates: it narrows nothing',
          operations: [
            'AssociateResourceTypes',
            'PutAggregationAuthorization',
            'PutServiceLinkedConfigurationRecorder',
            'StartConfigurationRecorder',
            'StartConfigRulesEvaluation',
            'StartResourceEvaluation',
          ],
        },
        { reason: TAGS, operations: ['TagResource', 'UntagResource'] },
        {
          reason: READS,
          operations: readOnlyOperations('config'),
        },
      ],
    },
  ],
};

/**
 * What a detection catches of one service, read from its `calls`: each event name of the calls of
 * the service's event source, as the service's operation ({@link ServiceCoverage.recordedAs}), with
 * the example of the call's condition. Where two services of the detection share an event source
 * (S3 and S3 Control), an event name goes to the one whose `recordedAs` names it.
 */
export function caughtOperations(
  detection: Pick<EvasionDetection, 'calls'>,
  service: ServiceCoverage,
  siblings: readonly ServiceCoverage[] = [service],
): CaughtOperation[] {
  const mapped = (record: ServiceCoverage, eventName: string) =>
    Object.entries(record.recordedAs ?? {}).find(([, recorded]) => recorded === eventName)?.[0];
  return detection.calls
    .filter((call) => call.eventSource === service.eventSource)
    .flatMap((call) =>
      call.eventNames
        .filter(
          (eventName) =>
            mapped(service, eventName) !== undefined ||
            !siblings.some(
              (other) => other.eventSource === service.eventSource && mapped(other, eventName) !== undefined,
            ),
        )
        .map((eventName) => {
          const operation = mapped(service, eventName) ?? eventName;
          return {
            operation,
            ...(operation === eventName ? {} : { eventName }),
            ...(call.when === undefined ? {} : { event: call.when.example }),
          };
        }),
    );
}

/** Every operation a service coverage places: what its detection catches, and what it leaves out. */
export function placedOperations(
  detection: Pick<EvasionDetection, 'calls'>,
  service: ServiceCoverage,
  siblings: readonly ServiceCoverage[] = [service],
): string[] {
  return [
    ...caughtOperations(detection, service, siblings).map((caught) => caught.operation),
    ...service.leftOut.flatMap((group) => group.operations),
  ];
}

/** The botocore services the coverage reads, each once, sorted. */
export function coveredServices(coverage: EvasionApiCoverage = EVASION_API_COVERAGE): string[] {
  return [...new Set(Object.values(coverage).flatMap((services) => services.map((s) => s.service)))].sort();
}

/**
 * What disagrees between the coverage and botocore's models (`operations`: each service's
 * operation names): an operation of a watched service that no record places, with where to place
 * it; an operation placed that the model lacks; a service the model lacks. Empty when they agree.
 */
export function coverageProblems(
  operations: ServiceModels,
  botocoreVersion: string,
  coverage: EvasionApiCoverage = EVASION_API_COVERAGE,
  detections: Readonly<Record<EvasionDetectionId, Pick<EvasionDetection, 'calls'>>> = EVASION_DETECTIONS,
): string[] {
  const file = 'modules/catalogs/evasion-api-coverage.ts';
  return (Object.entries(coverage) as [EvasionDetectionId, readonly ServiceCoverage[]][]).flatMap(([id, services]) =>
    services.flatMap((service) =>
      modelProblems(operations, botocoreVersion, {
        owner: id,
        service: service.service,
        placed: placedOperations(detections[id], service, services),
        file,
        placeAdvice: `if it can remove, narrow, pause or silence what ${id} watches, add it to the detection's calls (modules/catalogs/evasion-detections.ts), else to a leftOut group with the reason`,
        removeAdvice: " (and its event name from the detection's calls, if the service dropped it)",
      }),
    ),
  );
}

/** CloudTrail events of one service: its event source and event names. */
export type WatchedCalls = AlarmCalls;

/**
 * Every call the alarms watch on the audit system, by event source, sorted: what each detection
 * of the evasion pack catches (its `calls`, by event name), the
 * operations its coverage leaves to another alarm (`coveredBy`: a CIS control or another
 * detection), and every call of the CIS alarms on the trails, keys, bucket policies and recorders
 * ({@link AUDIT_SYSTEM_CIS_CALLS}). A detection's condition on a call (`when`) is not kept: every
 * such call is listed, allowed or not. The saved query `audit-system-changes` asks the logs for these.
 */
export function watchedCalls(
  detections: readonly Pick<EvasionDetection, 'calls'>[] = EVASION_DETECTION_LIST,
  coverage: EvasionApiCoverage = EVASION_API_COVERAGE,
  cisCalls: readonly AlarmCalls[] = Object.values(AUDIT_SYSTEM_CIS_CALLS),
): WatchedCalls[] {
  const bySource = new Map<string, Set<string>>();
  const add = (eventSource: string, eventName: string) => {
    const names = bySource.get(eventSource) ?? new Set<string>();
    names.add(eventName);
    bySource.set(eventSource, names);
  };
  for (const detection of detections)
    for (const call of detection.calls) for (const name of call.eventNames) add(call.eventSource, name);
  for (const service of Object.values(coverage).flat()) {
    for (const group of service.leftOut.filter((g) => g.coveredBy !== undefined))
      for (const operation of group.operations) add(service.eventSource, operation);
  }
  for (const { eventSource, eventNames } of cisCalls) for (const name of eventNames) add(eventSource, name);
  return [...bySource]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([eventSource, names]) => ({ eventSource, eventNames: [...names].sort() }));
}
