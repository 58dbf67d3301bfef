"""The AWS Config and Security Hub APIs the audit account's stacks call and moto 5.2.1 lacks.

Imported by moto_server.py (items 14 to 20, 22, 23, 25, 26 and 32 of its list). Each addition answers as the service's API
reference defines the operation, with the fields the AWS provider (hashicorp/aws 5.100.0) reads, and
refuses what AWS refuses where the stacks could get it wrong (who may call, what must exist first).
The stores are plain dictionaries per account and Region, like moto's own.

14. Organizations: RegisterDelegatedAdministrator for config.amazonaws.com and
    config-multiaccountsetup.amazonaws.com (moto's list of services lacks them; AWS Config
    supports both: Config Developer Guide, "Register a delegated administrator").
15. Security Hub ListOrganizationAdminAccounts and DisableOrganizationAdminAccount (the provider
    waits for the administrator with the first and removes it with the second).
16. Security Hub UpdateOrganizationConfiguration: moto requires OrganizationConfiguration.Status,
    which is output only in the API (the request has ConfigurationType alone); AWS answers ENABLED
    for a central configuration that took effect. The fix fills it in.
17. Security Hub UpdateSecurityHubConfiguration (accepted, as moto's DescribeHub already answers
    the settings the stacks choose), and the standards' subscriptions a member outside the
    organization makes on its own (BatchEnableStandards, GetEnabledStandards, BatchDisableStandards):
    refused while Security Hub is off (InvalidAccessException, as moto's DescribeHub answers) and for
    a standard of another Region (InvalidInputException); a subscription is READY at once (AWS goes
    through PENDING, which the provider waits out), and ARNs take AWS's form
    (arn:aws:securityhub:<region>:<account>:subscription/<standard path>; API reference,
    StandardsSubscription). A policy of central configuration subscribes nothing here.
18. Security Hub finding aggregators (Create, Get, List, Update, Delete FindingAggregator), and
    central configuration policies and their associations (Create, Get, Update, Delete, List
    ConfigurationPolicy; Start and Get ConfigurationPolicyAssociation, StartConfigurationPolicy
    Disassociation, ListConfigurationPolicyAssociations). A policy can only be created by the
    Security Hub administrator once the organization's configuration is CENTRAL, as in AWS.
20. Security Hub GetFindings: moto ignores Filters and returns every finding for every request, so
    a reader that asks for 20 controls at a time would count each finding once per request. AWS
    applies them (API reference, GetFindings, AwsSecurityFindingFilters). The fix applies the
    string filters with EQUALS and NOT_EQUALS on the fields compliance --live sends
    (ComplianceSecurityControlId, RecordState) and on AwsAccountId, Region and ComplianceStatus;
    a filter on another field is refused rather than ignored.
19. AWS Config organization rules (PutOrganizationConfigRule, DescribeOrganizationConfigRules,
    DescribeOrganizationConfigRuleStatuses, DeleteOrganizationConfigRule): only the management
    account or a delegated administrator for config-multiaccountsetup.amazonaws.com may put one, as
    in AWS; a rule is reported CREATE_SUCCESSFUL at once (moto evaluates nothing).
22. AWS Config's aggregated compliance, which compliance --live reads:
    DescribeAggregateComplianceByConfigRules (Filters on ConfigRuleName, ComplianceType, AccountId
    and AwsRegion; Limit 0 to 1,000, 0 or none meaning 1,000) and
    GetAggregateComplianceDetailsByConfigRule (ConfigRuleName, AccountId and AwsRegion required,
    ComplianceType COMPLIANT or NON_COMPLIANT only; Limit 0 to 100, default 50), both paged with
    NextToken and answering with the API reference's shapes (AggregateComplianceByConfigRules with
    Compliance.ComplianceContributorCount for a non-compliant rule; AggregateEvaluationResults with
    EvaluationResultIdentifier.EvaluationResultQualifier and epoch-second timestamps). An aggregator
    sees only its sources: for an organization aggregator, the accounts of the caller's organization
    in its Regions, as in AWS; NoSuchConfigurationAggregatorException for one the caller lacks.
    moto runs no managed rule, so there is nothing to aggregate until a test seeds the evaluations
    the member accounts' rules would have made, in moto's way for results it cannot compute: POST
    /moto-api/static/config/evaluation-results with {"account_id", "region", "results": [{
    "ConfigRuleName", "ResourceType", "ResourceId", "ComplianceType"}]} (the member account's rule
    name: OrgConfigRule-<organization rule>-<suffix>, of an organization rule that exists in that
    Region, or the seed is refused).

23. Security Hub's side effect and refusal on the first apply of the audit account
    (modules/core/aws-facts.ts, securityhub-admin-designation-enables-hub): moto's
    EnableOrganizationAdminAccount only records the administrator, and its EnableSecurityHub
    answers an account already subscribed with success. AWS enables Security Hub in the designated
    account in the Region of the call (Security Hub user guide, "Designating a delegated
    administrator": "Security Hub is enabled automatically for the chosen account"), and
    EnableSecurityHub on a subscribed account answers ResourceConflictException ("Account is
    already subscribed to Security Hub"; API reference, EnableSecurityHub, Errors). Both are
    applied here, so a stack that creates the administrator's hub instead of adopting it fails
    here as it fails on AWS.

25. AWS Config remediation (PutRemediationConfigurations, DescribeRemediationConfigurations,
    DeleteRemediationConfiguration), which awsConfig.flowLogsForEveryVpc puts on each member's
    vpc-flow-logs-enabled rule. Refused as in AWS (Config API reference,
    PutRemediationConfigurations): a remediation of a rule that does not exist yet, or of an
    organization rule (OrgConfigRule-...), and an automatic one without AutomationAssumeRole.
    moto runs no rule and no runbook: nothing is remediated here.

26. Security Hub's refusal on the removal of the audit account (modules/core/aws-facts.ts,
    securityhub-administrator-hub-cannot-be-disabled): moto's DisableSecurityHub disables any
    subscribed account. AWS refuses it in the account that is Security Hub's administrator (API
    reference, DisableSecurityHub: "You can't disable Security Hub CSPM in an account that is
    currently the Security Hub CSPM administrator"). The model lists no error for it; the AWS
    provider retries DisableSecurityHub while AWS answers InvalidInputException with "Cannot disable
    Security Hub on the Security Hub administrator" (internal/service/securityhub/account.go), so the
    answer here is that code with those words, and the provider retries, then fails, as on AWS. moto
    keeps one administrator per organization, not per Region: here its removal frees every Region at
    once, where AWS's Security Hub API frees only the Region of the call (more lenient than AWS).
32. Security Hub's designation in Organizations: moto 5.2.1 knows securityhub.amazonaws.com as a
    trusted service but not as one with delegated administrators, so ListDelegatedAdministrators
    for it (discover's question) answered "You specified an unrecognized service principal", and
    its EnableOrganizationAdminAccount registers no one. AWS lists Security Hub among the services
    with a delegated administrator (Organizations user guide, "AWS services that you can use with
    AWS Organizations"), and "when you first choose a Security Hub administrator account, Security
    Hub calls Organizations to make that account the delegated administrator account for Security
    Hub" (Security Hub user guide, "Designating a Security Hub administrator account"). Both are
    done here; the management account, which Organizations cannot register, is not. Its removal
    with DisableOrganizationAdminAccount keeps the registration, as AWS does: Security Hub "doesn't
    remove the delegated administrator account in AWS Organizations" (Security Hub user guide,
    "Removing or changing the delegated administrator"); removal.md deregisters it.

Every fix here runs under moto_server.py's check of moto's version; install() also stops when moto
gains an operation this file adds, so that moto's own is never replaced unseen.
"""

import datetime
import json
import time
import uuid
from urllib.parse import unquote

from moto.config import exceptions as config_exceptions
from moto.config import responses as config_responses
from moto.moto_api._internal import urls as moto_api_urls
from moto.core.exceptions import JsonRESTError
from moto.utilities.paginator import paginate
from moto.organizations import exceptions as organizations_exceptions
from moto.organizations import models as organizations_models
from moto.organizations.models import organizations_backends
from moto.securityhub import models as securityhub_models
from moto.securityhub import responses as securityhub_responses
from moto.securityhub import urls as securityhub_urls

CONFIG_PRINCIPALS = ["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]
SECURITY_HUB_PRINCIPAL = "securityhub.amazonaws.com"

organizations_models.FakeDelegatedAdministrator.SUPPORTED_SERVICES = sorted(
    {*organizations_models.FakeDelegatedAdministrator.SUPPORTED_SERVICES, *CONFIG_PRINCIPALS, SECURITY_HUB_PRINCIPAL}
)


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def organization_of(account_id):
    """The organization of `account_id` and its management account, or (None, None)."""
    try:
        organization = organizations_backends[account_id]["aws"].describe_organization()["Organization"]
    except Exception:  # moto raises its own client error when there is no organization
        return None, None
    return organization["Id"], organization["MasterAccountId"]


def delegated_for(account_id, principal):
    """Whether `account_id` is a delegated administrator for `principal` in its organization."""
    _, management = organization_of(account_id)
    if management is None:
        return False
    backend = organizations_backends[management]["aws"]
    return any(
        admin.account.id == account_id and principal in [s["ServicePrincipal"] for s in admin.services.values()]
        for admin in backend.admins
    )


# --- Security Hub -------------------------------------------------------------------------------

STORES = {}


def store(response):
    """The Security Hub store of the caller's account and Region."""
    return STORES.setdefault(
        (response.current_account, response.region),
        {"aggregators": {}, "policies": {}, "associations": {}},
    )


def error(code, message):
    raise JsonRESTError(code, message)


def body(response):
    return json.loads(response.body) if response.body else {}


def org_config(response):
    return response.securityhub_backend._get_org_config()


def list_organization_admin_accounts(self):
    admin = org_config(self)["admin_account_id"]
    accounts = [] if admin is None else [{"AccountId": admin, "AdminAccountId": admin, "AdminStatus": "ENABLED", "Status": "ENABLED"}]
    return json.dumps({"AdminAccounts": accounts, "Feature": "SecurityHub"})


def disable_organization_admin_account(self):
    config = org_config(self)
    if config["admin_account_id"] == body(self).get("AdminAccountId"):
        config["admin_account_id"] = None
    return "{}"


original_update_organization_configuration = securityhub_models.SecurityHubBackend.update_organization_configuration


def update_organization_configuration(self, auto_enable, auto_enable_standards=None, organization_configuration=None):
    if organization_configuration is not None and "Status" not in organization_configuration:
        organization_configuration = {**organization_configuration, "Status": "ENABLED", "StatusMessage": ""}
    return original_update_organization_configuration(
        self, auto_enable, auto_enable_standards, organization_configuration
    )


def update_security_hub_configuration(self):
    self.securityhub_backend.describe_hub()  # InvalidAccessException when Security Hub is off
    return "{}"


def subscriptions_of(response):
    return store(response).setdefault("subscriptions", {})


def batch_enable_standards(self):
    self.securityhub_backend.describe_hub()  # InvalidAccessException when Security Hub is off
    subscriptions = subscriptions_of(self)
    enabled = []
    for request in body(self).get("StandardsSubscriptionRequests") or []:
        standards_arn = request["StandardsArn"]
        parts = standards_arn.split(":")
        if len(parts) < 6 or parts[2] != "securityhub" or parts[3] != self.region or not parts[5].startswith("standards/"):
            error("InvalidInputException", f"{standards_arn} is not a standard of Security Hub in {self.region}.")
        arn = f"arn:aws:securityhub:{self.region}:{self.current_account}:subscription/{parts[5][len('standards/'):]}"
        subscriptions[arn] = {
            "StandardsSubscriptionArn": arn,
            "StandardsArn": standards_arn,
            "StandardsInput": request.get("StandardsInput") or {},
            "StandardsStatus": "READY",
            "StandardsControlsUpdatable": "READY_FOR_UPDATES",
        }
        enabled.append(subscriptions[arn])
    return json.dumps({"StandardsSubscriptions": enabled})


def get_enabled_standards(self):
    subscriptions = subscriptions_of(self)
    wanted = body(self).get("StandardsSubscriptionArns")
    found = [s for arn, s in subscriptions.items() if not wanted or arn in wanted]
    return json.dumps({"StandardsSubscriptions": found})


def batch_disable_standards(self):
    subscriptions = subscriptions_of(self)
    removed = []
    for arn in body(self).get("StandardsSubscriptionArns") or []:
        if arn in subscriptions:
            removed.append({**subscriptions.pop(arn), "StandardsStatus": "DELETING"})
    return json.dumps({"StandardsSubscriptions": removed})


def aggregator_view(aggregator):
    return {key: aggregator[key] for key in ("FindingAggregatorArn", "FindingAggregationRegion", "RegionLinkingMode", "Regions") if key in aggregator}


def create_finding_aggregator(self):
    self.securityhub_backend.describe_hub()
    aggregators = store(self)["aggregators"]
    if aggregators:
        error("LimitExceededException", "You can have only one finding aggregator per account.")
    params = body(self)
    arn = f"arn:aws:securityhub:{self.region}:{self.current_account}:finding-aggregator/{uuid.uuid4()}"
    aggregator = {
        "FindingAggregatorArn": arn,
        "FindingAggregationRegion": self.region,
        "RegionLinkingMode": params["RegionLinkingMode"],
        "Regions": params.get("Regions") or [],
    }
    aggregators[arn] = aggregator
    return json.dumps(aggregator_view(aggregator))


def aggregator_from_path(self, marker):
    arn = unquote(self.path.split(marker, 1)[1])
    aggregator = store(self)["aggregators"].get(arn)
    if aggregator is None:
        error("ResourceNotFoundException", f"Finding aggregator {arn} not found.")
    return aggregator


def get_finding_aggregator(self):
    return json.dumps(aggregator_view(aggregator_from_path(self, "/findingAggregator/get/")))


def list_finding_aggregators(self):
    arns = [{"FindingAggregatorArn": arn} for arn in store(self)["aggregators"]]
    return json.dumps({"FindingAggregators": arns})


def update_finding_aggregator(self):
    params = body(self)
    aggregator = store(self)["aggregators"].get(params.get("FindingAggregatorArn"))
    if aggregator is None:
        error("ResourceNotFoundException", f"Finding aggregator {params.get('FindingAggregatorArn')} not found.")
    aggregator["RegionLinkingMode"] = params["RegionLinkingMode"]
    aggregator["Regions"] = params.get("Regions") or []
    return json.dumps(aggregator_view(aggregator))


def delete_finding_aggregator(self):
    aggregator = aggregator_from_path(self, "/findingAggregator/delete/")
    del store(self)["aggregators"][aggregator["FindingAggregatorArn"]]
    return "{}"


def require_central_administrator(self):
    config = org_config(self)
    if config["admin_account_id"] != self.current_account:
        error("AccessDeniedException", "Only the Security Hub delegated administrator can manage configuration policies.")
    if config["configuration"].get("ConfigurationType") != "CENTRAL":
        error(
            "ValidationException",
            "Configuration policies need central configuration: set the organization configuration's ConfigurationType to CENTRAL first.",
        )


def policy_by_identifier(self, identifier):
    policies = store(self)["policies"]
    found = next((p for p in policies.values() if identifier in (p["Id"], p["Arn"])), None)
    if found is None:
        error("ResourceNotFoundException", f"Configuration policy {identifier} not found.")
    return found


def create_configuration_policy(self):
    require_central_administrator(self)
    params = body(self)
    policies = store(self)["policies"]
    if any(p["Name"] == params["Name"] for p in policies.values()):
        error("ResourceConflictException", f"A configuration policy named {params['Name']} already exists.")
    policy_id = str(uuid.uuid4())
    stamp = now_iso()
    policy = {
        "Arn": f"arn:aws:securityhub:{self.region}:{self.current_account}:configuration-policy/{policy_id}",
        "Id": policy_id,
        "Name": params["Name"],
        "Description": params.get("Description", ""),
        "ConfigurationPolicy": params["ConfigurationPolicy"],
        "CreatedAt": stamp,
        "UpdatedAt": stamp,
    }
    policies[policy_id] = policy
    return json.dumps(policy)


def get_configuration_policy(self):
    return json.dumps(policy_by_identifier(self, unquote(self.path.rsplit("/", 1)[1])))


def update_configuration_policy(self):
    require_central_administrator(self)
    policy = policy_by_identifier(self, unquote(self.path.rsplit("/", 1)[1]))
    params = body(self)
    for key in ("Name", "Description", "ConfigurationPolicy"):
        if key in params:
            policy[key] = params[key]
    policy["UpdatedAt"] = now_iso()
    return json.dumps(policy)


def delete_configuration_policy(self):
    policy = policy_by_identifier(self, unquote(self.path.rsplit("/", 1)[1]))
    if any(a["ConfigurationPolicyId"] == policy["Id"] for a in store(self)["associations"].values()):
        error("ResourceConflictException", "Disassociate the configuration policy from its targets first.")
    del store(self)["policies"][policy["Id"]]
    return "{}"


def list_configuration_policies(self):
    summaries = [
        {
            "Arn": p["Arn"],
            "Id": p["Id"],
            "Name": p["Name"],
            "Description": p["Description"],
            "UpdatedAt": p["UpdatedAt"],
            "ServiceEnabled": p["ConfigurationPolicy"].get("SecurityHub", {}).get("ServiceEnabled", False),
        }
        for p in store(self)["policies"].values()
    ]
    return json.dumps({"ConfigurationPolicySummaries": summaries})


def target_of(target):
    for key, kind in (("AccountId", "ACCOUNT"), ("OrganizationalUnitId", "ORGANIZATIONAL_UNIT"), ("RootId", "ROOT")):
        if target.get(key):
            return target[key], kind
    error("InvalidInputException", "The target must name an account, an OU or the root.")


def start_configuration_policy_association(self):
    require_central_administrator(self)
    params = body(self)
    identifier = params["ConfigurationPolicyIdentifier"]
    policy_id = identifier if identifier.startswith("SELF_MANAGED") else policy_by_identifier(self, identifier)["Id"]
    target_id, target_type = target_of(params["Target"])
    association = {
        "ConfigurationPolicyId": policy_id,
        "TargetId": target_id,
        "TargetType": target_type,
        "AssociationType": "APPLIED",
        "UpdatedAt": now_iso(),
        "AssociationStatus": "SUCCESS",
        "AssociationStatusMessage": "",
    }
    store(self)["associations"][target_id] = association
    return json.dumps(association)


def get_configuration_policy_association(self):
    target_id, _ = target_of(body(self)["Target"])
    association = store(self)["associations"].get(target_id)
    if association is None:
        error("ResourceNotFoundException", f"No configuration policy is associated with {target_id}.")
    return json.dumps(association)


def start_configuration_policy_disassociation(self):
    params = body(self)
    target_id, _ = target_of(params.get("Target") or {})
    store(self)["associations"].pop(target_id, None)
    return "{}"


def list_configuration_policy_associations(self):
    return json.dumps({"ConfigurationPolicyAssociationSummaries": list(store(self)["associations"].values())})


FINDING_FIELDS = {
    "ComplianceSecurityControlId": lambda f: (f.get("Compliance") or {}).get("SecurityControlId"),
    "ComplianceStatus": lambda f: (f.get("Compliance") or {}).get("Status"),
    "RecordState": lambda f: f.get("RecordState", "ACTIVE"),
    "AwsAccountId": lambda f: f.get("AwsAccountId"),
    "Region": lambda f: f.get("Region"),
}

# The method under moto's paginator, which pages what it returns.
original_get_findings = securityhub_models.SecurityHubBackend.get_findings.__wrapped__


def matches(finding, filters):
    for field, conditions in (filters or {}).items():
        read = FINDING_FIELDS.get(field)
        if read is None:
            error("InvalidInputException", f"The e2e harness does not filter findings on {field}.")
        value = read(finding)
        equals = [c["Value"] for c in conditions if c.get("Comparison", "EQUALS") == "EQUALS"]
        not_equals = [c["Value"] for c in conditions if c.get("Comparison") == "NOT_EQUALS"]
        if (equals and value not in equals) or value in not_equals:
            return False
    return True


def get_findings(self, filters=None, sort_criteria=None, max_results=None):
    every = original_get_findings(self, filters=None, sort_criteria=sort_criteria, max_results=max_results)
    return [f for f in every if matches(f, filters)]


SECURITY_HUB_METHODS = {
    "list_organization_admin_accounts": list_organization_admin_accounts,
    "disable_organization_admin_account": disable_organization_admin_account,
    "update_security_hub_configuration": update_security_hub_configuration,
    "batch_enable_standards": batch_enable_standards,
    "get_enabled_standards": get_enabled_standards,
    "batch_disable_standards": batch_disable_standards,
    "create_finding_aggregator": create_finding_aggregator,
    "get_finding_aggregator": get_finding_aggregator,
    "list_finding_aggregators": list_finding_aggregators,
    "update_finding_aggregator": update_finding_aggregator,
    "delete_finding_aggregator": delete_finding_aggregator,
    "create_configuration_policy": create_configuration_policy,
    "get_configuration_policy": get_configuration_policy,
    "update_configuration_policy": update_configuration_policy,
    "delete_configuration_policy": delete_configuration_policy,
    "list_configuration_policies": list_configuration_policies,
    "start_configuration_policy_association": start_configuration_policy_association,
    "get_configuration_policy_association": get_configuration_policy_association,
    "start_configuration_policy_disassociation": start_configuration_policy_disassociation,
    "list_configuration_policy_associations": list_configuration_policy_associations,
}

SECURITY_HUB_PATHS = [
    "{0}/organization/admin$",
    "{0}/organization/admin/disable$",
    "{0}/standards/register$",
    "{0}/standards/get$",
    "{0}/standards/deregister$",
    "{0}/findingAggregator/create$",
    "{0}/findingAggregator/get/(?P<arn>.+)$",
    "{0}/findingAggregator/list$",
    "{0}/findingAggregator/update$",
    "{0}/findingAggregator/delete/(?P<arn>.+)$",
    "{0}/configurationPolicy/create$",
    "{0}/configurationPolicy/get/(?P<identifier>[^/]+)$",
    "{0}/configurationPolicy/list$",
    "{0}/configurationPolicy/(?P<identifier>[^/]+)$",
    "{0}/configurationPolicyAssociation/associate$",
    "{0}/configurationPolicyAssociation/get$",
    "{0}/configurationPolicyAssociation/disassociate$",
    "{0}/configurationPolicyAssociation/list$",
]

# --- AWS Config organization rules ----------------------------------------------------------------

ORGANIZATION_RULES = {}


def rules_of(response):
    return ORGANIZATION_RULES.setdefault((response.current_account, response.region), {})


def put_organization_config_rule(self):
    organization_id, management = organization_of(self.current_account)
    if organization_id is None:
        error("NoAvailableOrganizationException", "The account is not a member of an organization.")
    if self.current_account != management and not delegated_for(self.current_account, "config-multiaccountsetup.amazonaws.com"):
        error(
            "OrganizationAccessDeniedException",
            "For PutOrganizationConfigRule, the caller must be the management account or a delegated administrator for config-multiaccountsetup.amazonaws.com.",
        )
    name = self._get_param("OrganizationConfigRuleName")
    managed = self._get_param("OrganizationManagedRuleMetadata")
    if managed is None:
        error("InvalidParameterValueException", "Only organization managed rules are supported here.")
    rules = rules_of(self)
    existing = rules.get(name)
    arn = (
        existing["OrganizationConfigRuleArn"]
        if existing
        else f"arn:aws:config:{self.region}:{self.current_account}:organization-config-rule/{name}-{uuid.uuid4().hex[:8]}"
    )
    rules[name] = {
        "OrganizationConfigRuleName": name,
        "OrganizationConfigRuleArn": arn,
        "OrganizationManagedRuleMetadata": managed,
        "ExcludedAccounts": self._get_param("ExcludedAccounts") or [],
        "LastUpdateTime": time.time(),
        "Status": "UPDATE_SUCCESSFUL" if existing else "CREATE_SUCCESSFUL",
    }
    return json.dumps({"OrganizationConfigRuleArn": arn})


def selected_rules(self):
    names = self._get_param("OrganizationConfigRuleNames") or []
    rules = rules_of(self)
    missing = [name for name in names if name not in rules]
    if missing:
        error("NoSuchOrganizationConfigRuleException", f"The organization config rule {missing[0]} does not exist.")
    return [rules[name] for name in names] if names else list(rules.values())


def describe_organization_config_rules(self):
    return json.dumps(
        {
            "OrganizationConfigRules": [
                {key: value for key, value in rule.items() if key != "Status"} for rule in selected_rules(self)
            ]
        }
    )


def describe_organization_config_rule_statuses(self):
    return json.dumps(
        {
            "OrganizationConfigRuleStatuses": [
                {
                    "OrganizationConfigRuleName": rule["OrganizationConfigRuleName"],
                    "OrganizationRuleStatus": rule["Status"],
                    "LastUpdateTime": rule["LastUpdateTime"],
                }
                for rule in selected_rules(self)
            ]
        }
    )


def delete_organization_config_rule(self):
    name = self._get_param("OrganizationConfigRuleName")
    if rules_of(self).pop(name, None) is None:
        error("NoSuchOrganizationConfigRuleException", f"The organization config rule {name} does not exist.")
    return "{}"


# --- AWS Config aggregated compliance ------------------------------------------------------------

# Evaluation results by source account and Region: {(account, region): {(rule, type, id): result}}.
EVALUATIONS = {}

COMPLIANCE_TYPES = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE", "INSUFFICIENT_DATA"]

# ComplianceContributorCount is capped (API reference, ComplianceContributorCount: CappedCount, CapExceeded).
CONTRIBUTOR_CAP = 100


def organization_rule_exists(account_id, region, member_rule_name):
    """Whether `member_rule_name` (OrgConfigRule-<name>-<suffix>) is the member rule of an organization
    rule that an account of `account_id`'s organization put in `region`."""
    if not member_rule_name.startswith("OrgConfigRule-"):
        return False
    organization_id, _ = organization_of(account_id)
    for (owner, rule_region), rules in ORGANIZATION_RULES.items():
        if rule_region != region or organization_of(owner)[0] != organization_id:
            continue
        if any(member_rule_name.startswith(f"OrgConfigRule-{name}-") for name in rules):
            return True
    return False


def set_evaluation_results(request, full_url, headers):
    """POST /moto-api/static/config/evaluation-results: what a source account's rules evaluated."""
    length = int(headers.get("Content-Length") or 0)
    seed = json.loads(request.environ["wsgi.input"].read(length).decode("utf-8") or "{}")
    account_id, region = seed["account_id"], seed["region"]
    results = seed.get("results", [])
    for result in results:  # all or nothing
        rule = result["ConfigRuleName"]
        if not organization_rule_exists(account_id, region, rule):
            return 400, {}, json.dumps({"message": f"{rule} is not the rule of an organization rule in {region} of {account_id}'s organization"})
        if result["ComplianceType"] not in COMPLIANCE_TYPES:
            return 400, {}, json.dumps({"message": f"ComplianceType must be one of {', '.join(COMPLIANCE_TYPES)}"})
    stored = EVALUATIONS.setdefault((account_id, region), {})
    stamp = time.time()
    for result in results:
        stored[(result["ConfigRuleName"], result["ResourceType"], result["ResourceId"])] = {**result, "RecordedTime": stamp}
    return 201, {}, ""


def aggregator_sources(self, name):
    """The (account, Region) pairs aggregator `name` of the caller sees, as a predicate."""
    aggregator = self.config_backend.config_aggregators.get(name)
    if aggregator is None:
        raise config_exceptions.NoSuchConfigurationAggregatorException()
    organization = aggregator.organization_aggregation_source
    if organization is not None:
        _, management = organization_of(self.current_account)
        accounts = (
            set()
            if management is None
            else {a.id for a in organizations_backends[management]["aws"].accounts if a.status == "ACTIVE"}
        )
        regions = None if organization.all_aws_regions else set(organization.aws_regions or [])
        return lambda account, region: account in accounts and (regions is None or region in regions)
    sources = [
        (set(source.account_ids), None if source.all_aws_regions else set(source.aws_regions or []))
        for source in aggregator.account_aggregation_sources or []
    ]
    return lambda account, region: any(
        account in accounts and (regions is None or region in regions) for accounts, regions in sources
    )


def limit_of(self, maximum, default):
    limit = self._get_param("Limit")
    if limit is None or limit == 0:
        return default
    if not isinstance(limit, int) or limit < 0 or limit > maximum:
        error(
            "InvalidLimitException",
            f"Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to {maximum}",
        )
    return limit


def page(self, items, maximum, default):
    """One page of `items` (sorted), and the token of the next: the index of its first item."""
    limit = limit_of(self, maximum, default)
    token = self._get_param("NextToken")
    start = 0
    if token:
        if not token.isdigit() or int(token) > len(items):
            raise config_exceptions.InvalidNextTokenException()
        start = int(token)
    end = start + limit
    return items[start:end], (str(end) if end < len(items) else None)


def summary_of(results):
    """A rule's compliance in one account and Region from its resources' results."""
    types = [r["ComplianceType"] for r in results]
    for candidate in ("NON_COMPLIANT", "COMPLIANT", "NOT_APPLICABLE"):
        if candidate in types:
            return candidate, types.count("NON_COMPLIANT")
    return "INSUFFICIENT_DATA", 0


def describe_aggregate_compliance_by_config_rules(self):
    sees = aggregator_sources(self, self._get_param("ConfigurationAggregatorName"))
    filters = self._get_param("Filters") or {}
    if filters.get("ComplianceType") not in (None, "COMPLIANT", "NON_COMPLIANT"):
        error("InvalidParameterValueException", "Filters.ComplianceType must be COMPLIANT or NON_COMPLIANT.")
    grouped = {}
    for (account, region), stored in EVALUATIONS.items():
        if not sees(account, region):
            continue
        for (rule, _, _), result in stored.items():
            grouped.setdefault((rule, account, region), []).append(result)
    entries = []
    for (rule, account, region), results in sorted(grouped.items()):
        compliance, non_compliant = summary_of(results)
        wanted = {"ConfigRuleName": rule, "ComplianceType": compliance, "AccountId": account, "AwsRegion": region}
        if any(filters.get(key) not in (None, value) for key, value in wanted.items()):
            continue
        entry = {"ConfigRuleName": rule, "Compliance": {"ComplianceType": compliance}, "AccountId": account, "AwsRegion": region}
        if compliance == "NON_COMPLIANT":
            entry["Compliance"]["ComplianceContributorCount"] = {
                "CappedCount": min(non_compliant, CONTRIBUTOR_CAP),
                "CapExceeded": non_compliant > CONTRIBUTOR_CAP,
            }
        entries.append(entry)
    selected, token = page(self, entries, 1000, 1000)
    return json.dumps({"AggregateComplianceByConfigRules": selected, **({"NextToken": token} if token else {})})


def get_aggregate_compliance_details_by_config_rule(self):
    sees = aggregator_sources(self, self._get_param("ConfigurationAggregatorName"))
    rule = self._get_param("ConfigRuleName")
    account, region = self._get_param("AccountId"), self._get_param("AwsRegion")
    if not (rule and account and region):
        error("ValidationException", "ConfigRuleName, AccountId and AwsRegion are required.")
    compliance_type = self._get_param("ComplianceType")
    if compliance_type not in (None, "COMPLIANT", "NON_COMPLIANT"):
        error("InvalidParameterValueException", "ComplianceType must be COMPLIANT or NON_COMPLIANT.")
    stored = EVALUATIONS.get((account, region), {}) if sees(account, region) else {}
    results = [
        {
            "EvaluationResultIdentifier": {
                "EvaluationResultQualifier": {"ConfigRuleName": rule, "ResourceType": resource_type, "ResourceId": resource_id},
                "OrderingTimestamp": result["RecordedTime"],
            },
            "ComplianceType": result["ComplianceType"],
            "ResultRecordedTime": result["RecordedTime"],
            "ConfigRuleInvokedTime": result["RecordedTime"],
            "AccountId": account,
            "AwsRegion": region,
        }
        for (name, resource_type, resource_id), result in sorted(stored.items())
        if name == rule and compliance_type in (None, result["ComplianceType"])
    ]
    selected, token = page(self, results, 100, 50)
    return json.dumps({"AggregateEvaluationResults": selected, **({"NextToken": token} if token else {})})


# --- AWS Config remediation -----------------------------------------------------------------------

REMEDIATIONS = {}


def remediations_of(response):
    return REMEDIATIONS.setdefault((response.current_account, response.region), {})


def put_remediation_configurations(self):
    rules = config_responses.config_backends[self.current_account][self.region].config_rules
    stored = remediations_of(self)
    for remediation in self._get_param("RemediationConfigurations") or []:
        name = remediation["ConfigRuleName"]
        if name.startswith("OrgConfigRule-") or name not in rules:
            # The API reference names no error of its own for either; InvalidParameterValueException
            # is the one the operation lists for a value it cannot take.
            error(
                "InvalidParameterValueException",
                f"The Config rule {name} must already exist, and be a rule of this account (not an organization rule), for a remediation configuration.",
            )
        parameters = remediation.get("Parameters") or {}
        if remediation.get("Automatic") and not (parameters.get("AutomationAssumeRole") or {}).get("StaticValue", {}).get("Values"):
            error(
                "InvalidParameterValueException",
                "An automatic remediation needs a value for the AutomationAssumeRole parameter.",
            )
        existing = stored.get(name)
        arn = (
            existing["Arn"]
            if existing
            else f"arn:aws:config:{self.region}:{self.current_account}:remediation-configuration/{name}/{uuid.uuid4()}"
        )
        stored[name] = {**remediation, "Arn": arn}
    return json.dumps({"FailedBatches": []})


def describe_remediation_configurations(self):
    stored = remediations_of(self)
    names = self._get_param("ConfigRuleNames") or []
    return json.dumps({"RemediationConfigurations": [stored[name] for name in names if name in stored]})


def delete_remediation_configuration(self):
    stored = remediations_of(self)
    name = self._get_param("ConfigRuleName")
    if name not in stored:
        error("NoSuchRemediationConfigurationException", f"No remediation configuration for the Config rule {name}.")
    del stored[name]
    return "{}"


CONFIG_METHODS = {
    "put_remediation_configurations": put_remediation_configurations,
    "describe_remediation_configurations": describe_remediation_configurations,
    "delete_remediation_configuration": delete_remediation_configuration,
    "put_organization_config_rule": put_organization_config_rule,
    "describe_organization_config_rules": describe_organization_config_rules,
    "describe_organization_config_rule_statuses": describe_organization_config_rule_statuses,
    "delete_organization_config_rule": delete_organization_config_rule,
    "describe_aggregate_compliance_by_config_rules": describe_aggregate_compliance_by_config_rules,
    "get_aggregate_compliance_details_by_config_rule": get_aggregate_compliance_details_by_config_rule,
}

MOTO_API_PATHS = {"{0}/moto-api/static/config/evaluation-results": set_evaluation_results}


original_enable_security_hub = securityhub_models.SecurityHubBackend.enable_security_hub
original_enable_organization_admin_account = securityhub_models.SecurityHubBackend.enable_organization_admin_account


def enable_security_hub(self, *args, **kwargs):
    if self.enabled:
        raise JsonRESTError("ResourceConflictException", "Account is already subscribed to Security Hub")
    return original_enable_security_hub(self, *args, **kwargs)


def enable_organization_admin_account(self, admin_account_id):
    original_enable_organization_admin_account(self, admin_account_id)
    # 32. The designation makes the account Security Hub's delegated administrator in Organizations.
    _, management = organization_of(self.account_id)
    if management not in (None, admin_account_id) and not delegated_for(admin_account_id, SECURITY_HUB_PRINCIPAL):
        organizations_backends[management]["aws"].register_delegated_administrator(
            AccountId=admin_account_id, ServicePrincipal=SECURITY_HUB_PRINCIPAL
        )
    admin_hub = securityhub_models.securityhub_backends[admin_account_id][self.region_name]
    if not admin_hub.enabled:
        # What moto's own EnableSecurityHub sets (its DescribeHub reads all three).
        admin_hub.enabled = True
        admin_hub.enabled_at = now_iso()
        admin_hub.tags = {}


original_disable_security_hub = securityhub_models.SecurityHubBackend.disable_security_hub


def disable_security_hub(self):
    try:
        administrator = self._get_org_config()["admin_account_id"]
    except organizations_exceptions.AWSOrganizationsNotInUseException:
        administrator = None  # outside an organization there is no administrator
    if administrator == self.account_id:
        raise JsonRESTError(
            "InvalidInputException",
            "Cannot disable Security Hub on the Security Hub administrator account: you can't disable Security Hub CSPM "
            "in an account that is currently the Security Hub CSPM administrator.",
        )
    return original_disable_security_hub(self)


def install():
    """Adds every method and URL path above to moto."""
    present = [name for name in CONFIG_METHODS if hasattr(config_responses.ConfigResponse, name)] + [
        name for name in SECURITY_HUB_METHODS if hasattr(securityhub_responses.SecurityHubResponse, name)
    ]
    if present:
        raise SystemExit(
            f"e2e/harness/moto_audit_apis.py adds {', '.join(present)}, which this moto has now: re-check each against moto's own first"
        )
    moto_api_urls.url_paths.update(MOTO_API_PATHS)
    for name, method in SECURITY_HUB_METHODS.items():
        setattr(securityhub_responses.SecurityHubResponse, name, method)
    for path in SECURITY_HUB_PATHS:
        securityhub_urls.url_paths[path] = securityhub_responses.SecurityHubResponse.dispatch
    securityhub_models.SecurityHubBackend.update_organization_configuration = update_organization_configuration
    securityhub_models.SecurityHubBackend.enable_security_hub = enable_security_hub
    securityhub_models.SecurityHubBackend.enable_organization_admin_account = enable_organization_admin_account
    securityhub_models.SecurityHubBackend.disable_security_hub = disable_security_hub
    # get_findings is wrapped by moto's paginator: the filtered list is what it pages.
    securityhub_models.SecurityHubBackend.get_findings = paginate(
        pagination_model=securityhub_models.SecurityHubBackend.PAGINATION_MODEL
    )(get_findings)
    for name, method in CONFIG_METHODS.items():
        setattr(config_responses.ConfigResponse, name, method)
