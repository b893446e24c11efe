/** Whether an endpoint is AWS's own DynamoDB (a regional, VPC or FIPS endpoint; plain http too). */
export function isAwsEndpoint(endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  return /\.(amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/.test(new URL(endpoint).hostname);
}
