"""The QuickSight APIs the log archive's datasets call and moto 5.2.1 lacks or answers short.

Imported by moto_server.py (item 21 of its list). moto keeps a dataset's id, name and tags only and
has no DescribeDataSet; a data source has no permissions. The AWS provider (hashicorp/aws 5.100.0)
reads back every field it sent, so each operation below answers as QuickSight's API reference
defines it, from a store per account and Region:

21. QuickSight datasets: CreateDataSet (kept whole: import mode, physical and logical tables,
    permissions, tags), DescribeDataSet, UpdateDataSet, DeleteDataSet, DescribeDataSetPermissions,
    UpdateDataSetPermissions and DescribeDataSetRefreshProperties (none set: the
    ResourceNotFoundException QuickSight answers then); a dataset's custom SQL must name a data
    source that exists, as in QuickSight. Data sources: CreateDataSource keeps its permissions, and
    DescribeDataSourcePermissions and UpdateDataSourcePermissions answer from them.
    DescribeDataSource: moto writes CreatedTime and LastUpdatedTime as ISO text, where the API has
    timestamps (epoch seconds in JSON), which the SDK refuses to read; the fix writes numbers, and
    leaves out the fields that were not set (moto writes null).
"""

import json
from urllib.parse import unquote

from moto.core.exceptions import JsonRESTError
from moto.quicksight import data_models as quicksight_data_models
from moto.quicksight import responses as quicksight_responses
from moto.quicksight import urls as quicksight_urls

STORES = {}


def store(response):
    """The QuickSight store of the caller's account and Region."""
    return STORES.setdefault((response.current_account, response.region), {"data_sets": {}, "source_permissions": {}})


def body(response):
    return json.loads(response.body) if response.body else {}


def path_part(response, name):
    """A part of the request path (`/accounts/<id>/data-sets/<DataSetId>/...`) after `name`."""
    parts = response.path.split("?")[0].split("/")
    return unquote(parts[parts.index(name) + 1])


def not_found(what):
    raise JsonRESTError("ResourceNotFoundException", f"{what} not found", status=404)


def ok(extra):
    return json.dumps({**extra, "RequestId": "request_id", "Status": 200})


def data_set_arn(response, data_set_id):
    return f"arn:aws:quicksight:{response.region}:{response.current_account}:dataset/{data_set_id}"


def data_source_exists(response, arn):
    source_id = arn.rsplit("/", 1)[-1]
    try:
        response.quicksight_backend.describe_data_source(aws_account_id=response.current_account, data_source_id=source_id)
    except Exception:  # moto raises its own not-found error
        return False
    return True


def check_sources(response, physical):
    for table in (physical or {}).values():
        custom = table.get("CustomSql")
        if custom is not None and not data_source_exists(response, custom["DataSourceArn"]):
            raise JsonRESTError(
                "InvalidParameterValueException", f"The data source {custom['DataSourceArn']} does not exist", status=400
            )


def put_data_set(response, data_set_id, request, existing=None):
    check_sources(response, request.get("PhysicalTableMap"))
    data_set = {
        "Arn": data_set_arn(response, data_set_id),
        "DataSetId": data_set_id,
        "Name": request["Name"],
        "ImportMode": request["ImportMode"],
        "PhysicalTableMap": request.get("PhysicalTableMap", {}),
        "LogicalTableMap": request.get("LogicalTableMap") or default_logical_tables(request.get("PhysicalTableMap", {})),
        "OutputColumns": output_columns(request.get("PhysicalTableMap", {})),
        "ColumnGroups": request.get("ColumnGroups", []),
        "FieldFolders": request.get("FieldFolders", {}),
        "DataSetUsageConfiguration": request.get(
            "DataSetUsageConfiguration",
            {"DisableUseAsDirectQuerySource": False, "DisableUseAsImportedSource": False},
        ),
        "CreatedTime": existing["CreatedTime"] if existing else 0,
        "LastUpdatedTime": 0,
    }
    store(response)["data_sets"][data_set_id] = {
        "data_set": data_set,
        "permissions": existing["permissions"] if existing else request.get("Permissions", []),
    }
    return data_set


def default_logical_tables(physical):
    """What QuickSight makes of a physical table when the request names no logical table."""
    return {key: {"Alias": table.get("CustomSql", {}).get("Name", key), "Source": {"PhysicalTableId": key}} for key, table in physical.items()}


def output_columns(physical):
    return [
        {"Name": column["Name"], "Type": column["Type"]}
        for table in physical.values()
        for column in table.get("CustomSql", {}).get("Columns", [])
    ]


def create_data_set(self):
    request = body(self)
    data_set_id = request["DataSetId"]
    if data_set_id in store(self)["data_sets"]:
        raise JsonRESTError("ResourceExistsException", f"Data set {data_set_id} already exists", status=409)
    data_set = put_data_set(self, data_set_id, request)
    if request.get("Tags"):
        self.quicksight_backend.tagger.tag_resource(arn=data_set["Arn"], tags=request["Tags"])
    return ok({"Arn": data_set["Arn"], "DataSetId": data_set_id, "IngestionArn": "", "IngestionId": ""})


def held(self):
    data_set_id = path_part(self, "data-sets")
    found = store(self)["data_sets"].get(data_set_id)
    if found is None:
        not_found(f"Data set {data_set_id}")
    return data_set_id, found


def describe_data_set(self):
    _, found = held(self)
    return ok({"DataSet": found["data_set"]})


def update_data_set(self):
    data_set_id, found = held(self)
    data_set = put_data_set(self, data_set_id, body(self), found)
    return ok({"Arn": data_set["Arn"], "DataSetId": data_set_id})


def delete_data_set(self):
    data_set_id, found = held(self)
    del store(self)["data_sets"][data_set_id]
    self.quicksight_backend.tagger.delete_all_tags_for_resource(found["data_set"]["Arn"])
    return ok({"Arn": found["data_set"]["Arn"], "DataSetId": data_set_id})


def updated_permissions(current, request):
    """Permissions after GrantPermissions and RevokePermissions, as the Update*Permissions calls define them."""
    by_principal = {p["Principal"]: set(p["Actions"]) for p in current}
    for grant in request.get("GrantPermissions", []):
        by_principal.setdefault(grant["Principal"], set()).update(grant["Actions"])
    for revoke in request.get("RevokePermissions", []):
        remaining = by_principal.get(revoke["Principal"], set()) - set(revoke["Actions"])
        if remaining:
            by_principal[revoke["Principal"]] = remaining
        else:
            by_principal.pop(revoke["Principal"], None)
    return [{"Principal": principal, "Actions": sorted(actions)} for principal, actions in by_principal.items()]


def describe_data_set_permissions(self):
    data_set_id, found = held(self)
    return ok({"DataSetArn": found["data_set"]["Arn"], "DataSetId": data_set_id, "Permissions": found["permissions"]})


def update_data_set_permissions(self):
    data_set_id, found = held(self)
    found["permissions"] = updated_permissions(found["permissions"], body(self))
    return ok({"DataSetArn": found["data_set"]["Arn"], "DataSetId": data_set_id})


def describe_data_set_refresh_properties(self):
    data_set_id, _ = held(self)
    not_found(f"Refresh properties of data set {data_set_id}")


original_create_data_source = quicksight_responses.QuickSightResponse.create_data_source
original_delete_data_source = quicksight_responses.QuickSightResponse.delete_data_source


def create_data_source(self):
    answer = original_create_data_source(self)
    request = body(self)
    store(self)["source_permissions"][request["DataSourceId"]] = request.get("Permissions", [])
    return answer


def delete_data_source(self):
    answer = original_delete_data_source(self)
    store(self)["source_permissions"].pop(path_part(self, "data-sources"), None)
    return answer


def source_held(self):
    source_id = path_part(self, "data-sources")
    permissions = store(self)["source_permissions"].get(source_id)
    if permissions is None:
        not_found(f"Data source {source_id}")
    arn = f"arn:aws:quicksight:{self.region}:{self.current_account}:datasource/{source_id}"
    return source_id, arn, permissions


def describe_data_source_permissions(self):
    source_id, arn, permissions = source_held(self)
    return ok({"DataSourceArn": arn, "DataSourceId": source_id, "Permissions": permissions})


def update_data_source_permissions(self):
    source_id, arn, permissions = source_held(self)
    store(self)["source_permissions"][source_id] = updated_permissions(permissions, body(self))
    return ok({"DataSourceArn": arn, "DataSourceId": source_id})


def data_source_json(self):
    answer = {
        "AlternateDataSourceParameters": self.alternate_data_source_parameters,
        "Arn": self.arn,
        "CreatedTime": self.created_time.timestamp(),
        "DataSourceId": self.data_source_id,
        "DataSourceParameters": self.data_source_parameters,
        "LastUpdatedTime": self.last_updated_time.timestamp(),
        "Name": self.name,
        "SslProperties": self.ssl_properties,
        "Status": self.status,
        "Type": self.data_source_type,
        "VpcConnectionProperties": self.vpc_connection_properties,
    }
    return {key: value for key, value in answer.items() if value is not None}


METHODS = {
    "create_data_set": create_data_set,
    "describe_data_set": describe_data_set,
    "update_data_set": update_data_set,
    "delete_data_set": delete_data_set,
    "describe_data_set_permissions": describe_data_set_permissions,
    "update_data_set_permissions": update_data_set_permissions,
    "describe_data_set_refresh_properties": describe_data_set_refresh_properties,
    "create_data_source": create_data_source,
    "delete_data_source": delete_data_source,
    "describe_data_source_permissions": describe_data_source_permissions,
    "update_data_source_permissions": update_data_source_permissions,
}

PATHS = [
    r"{0}/accounts/(?P<account_id>[\d]+)/data-sets/(?P<datasetid>[^/.]+)$",
    r"{0}/accounts/(?P<account_id>[\d]+)/data-sets/(?P<datasetid>[^/.]+)/permissions$",
    r"{0}/accounts/(?P<account_id>[\d]+)/data-sets/(?P<datasetid>[^/.]+)/refresh-properties$",
    r"{0}/accounts/(?P<account_id>[\d]+)/data-sources/(?P<datasourceid>[^/.]+)/permissions$",
]


def install():
    """Adds every method and URL path above to moto."""
    for name, method in METHODS.items():
        setattr(quicksight_responses.QuickSightResponse, name, method)
    for path in PATHS:
        quicksight_urls.url_paths[path] = quicksight_responses.QuickSightResponse.dispatch
    quicksight_data_models.QuickSightDataSource.to_json = data_source_json
