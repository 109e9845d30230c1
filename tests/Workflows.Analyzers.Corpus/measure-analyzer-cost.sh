#!/usr/bin/env bash
# Measures what the WF analyzers add to a build: a generated project of 500 workflows (100 files, 5 workflows
# and 20 activities each, helpers, records, LINQ, interpolation) is compiled with -p:ReportAnalyzer=true with
# and without the WF analyzers; the compiler's "Total analyzer execution time" of each build is printed.
# Usage: tests/Workflows.Analyzers.Corpus/measure-analyzer-cost.sh [runs]   (default 3 runs each, medians)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d /tmp/wf-analyzer-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT

dotnet build "$repo/analyzers/Workflows.Analyzers/Workflows.Analyzers.csproj" -c Release -v:q -nologo >/dev/null
dotnet build "$repo/generators/Workflows.Generators/Workflows.Generators.csproj" -c Release -v:q -nologo >/dev/null

cat >"$work/Bench.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/Workflows/Workflows.csproj" />
    <Analyzer Include="$repo/generators/Workflows.Generators/bin/Release/netstandard2.0/Workflows.Generators.dll" />
    <Analyzer Include="$repo/analyzers/Workflows.Analyzers/bin/Release/netstandard2.0/Workflows.Analyzers.dll" Condition="'\$(WithWfAnalyzers)' != 'false'" />
  </ItemGroup>
</Project>
XML

for f in $(seq 0 99); do
  {
    echo "namespace Bench.F$f;"
    echo "using Workflows;"
    echo "public sealed record Line(string Sku, int Quantity, decimal Price);"
    for w in 0 1 2 3 4; do
      cat <<CS
public static class Order${w}Flow
{
    [Workflow("Order${f}_${w}")]
    public static async Task<decimal> Run(WorkflowContext ctx, string customer, int quantity)
    {
        var lines = new List<Line>();
        for (var i = 0; i < quantity; i++)
        {
            var price = await ctx.ExecuteActivityAsync<decimal>("Price${f}_${w}_" + (i % 4), null, i);
            lines.Add(new Line(\$"sku-{i}", i + 1, price));
        }

        await ctx.DelayAsync(TimeSpan.FromMinutes(5));
        var id = ctx.NewGuid();
        ctx.Logger.LogInformation("Order {Id} for {Customer}", id, customer);
        return Total(lines) + Pricing.Tax(lines.Count);
    }

    private static decimal Total(IEnumerable<Line> lines) => lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Sum(l => l.Quantity * l.Price);
}
CS
      for a in 0 1 2 3; do
        echo "public static class Price${w}_${a} { [Activity(\"Price${f}_${w}_${a}\")] public static Task<decimal> Run(int line) => Task.FromResult(line * 1.5m); }"
      done
    done
    echo "public static class Pricing { public static decimal Tax(int count) => count / 5m; }"
  } >"$work/File$f.cs"
done
echo 'global using Microsoft.Extensions.Logging;' >"$work/Usings.cs"

dotnet build "$work/Bench.csproj" -v:q -nologo >/dev/null  # restore and build the references once

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Prints "<analyzer seconds> <build wall seconds>" medians for one configuration.
measure() {
  local with="$1" analyzer=() wall=()
  for _ in $(seq 1 "$runs"); do
    touch "$work/Usings.cs"
    local start end log
    start=$(date +%s.%N)
    log=$(dotnet build "$work/Bench.csproj" --no-restore --no-dependencies -nologo -v:d -p:ReportAnalyzer=true -p:WithWfAnalyzers="$with")
    end=$(date +%s.%N)
    analyzer+=("$(grep -m1 "Total analyzer execution time" <<<"$log" | grep -oE '[0-9]+([.,][0-9]+)?' | head -1 | tr , .)")
    wall+=("$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')")
  done
  echo "$(printf '%s\n' "${analyzer[@]}" | median) $(printf '%s\n' "${wall[@]}" | median)"
}

read -r without_analyzers without_wall <<<"$(measure false)"
read -r with_analyzers with_wall <<<"$(measure true)"
echo "Medians of $runs builds (analyzer time from -p:ReportAnalyzer=true; wall time of the whole dotnet build):"
echo "  without WF analyzers: analyzers ${without_analyzers} s, build ${without_wall} s"
echo "  with WF analyzers:    analyzers ${with_analyzers} s, build ${with_wall} s"
awk -v a="$with_wall" -v b="$without_wall" 'BEGIN { printf "Build time ratio: %.2f\n", a / b }'
