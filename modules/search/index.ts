export { SearchCollection, type SearchCollectionProps, type SearchVpcEndpoint } from './search-collection';
export { SearchIngestion, type SearchIngestionProps } from './search-ingestion';
export { archiveSearchSources, type SearchSource, type SourceCodec } from './search-sources';
export { SearchTier, type SearchTierProps } from './search-tier';
export {
  IP_ADDRESS_PLACEHOLDER,
  PRINCIPAL_PLACEHOLDER,
  type SavedQueryTier,
  type SavedSearch,
  savedObjectsNdjson,
  savedSearches,
} from './saved-searches';
