/**
 * Values per series, by store, document type and label: nested maps, so finding a row's series
 * builds no key string (one per row was measurable on a 10-million-row ingest).
 */
export class SeriesMap<T> {
  private readonly byStore = new Map<string, Map<string, Map<string, T>>>();

  get(store: string, docType: string, label: string): T | undefined {
    return this.byStore.get(store)?.get(docType)?.get(label);
  }

  set(store: string, docType: string, label: string, value: T): void {
    let byType = this.byStore.get(store);
    if (!byType) this.byStore.set(store, (byType = new Map()));
    let byLabel = byType.get(docType);
    if (!byLabel) byType.set(docType, (byLabel = new Map()));
    byLabel.set(label, value);
  }
}
