#!/usr/bin/env python3
"""The package's import rules, checked on the sources (make test runs it before the suite):

1. every module a target imports from this package (a target or a product of a dependency)
   is declared as that target's own dependency in Package.swift; SwiftPM's
   --explicit-target-dependency-import-check lets a transitive dependency through;
2. each C library and each database client (GRDB, PostgresNIO) has exactly one importer (DESIGN: thin wrappers, one owner).

Prints every breach with its file and line, and exits 1 if there is any.
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OWNERS = {"CNCursesW": "CursesBackend", "CBLAS": "LinearAlgebra", "CKernels": "LinearAlgebra",
          "GRDB": "AnnotationStore", "GRDBSQLite": "AnnotationStore", "PostgresNIO": "AnnotationStore",
          "NIOCore": "AnnotationStore", "NIOPosix": "AnnotationStore"}
IMPORT = re.compile(r"^\s*(?:@\w+\s+)*import\s+(?:(?:struct|class|enum|func|protocol|typealias|var|let)\s+)?(\w+)")


def main() -> int:
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True,
                                        capture_output=True, text=True).stdout)
    targets = {target["name"]: target for target in package["targets"]}
    products = {"GRDB", "GRDBSQLite", "ArgumentParser", "TOMLKit", "PostgresNIO", "NIOCore", "NIOPosix", "Logging"}
    problems = []
    for name, target in targets.items():
        declared = set()
        for dependency in target["dependencies"]:
            for kind in ("byName", "target", "product"):
                if kind in dependency:
                    declared.add(dependency[kind][0])
        folder = ROOT / (target.get("path") or ("Tests" if target["type"] == "test" else "Sources")) / ("" if target.get("path") else name)
        for source in sorted(folder.rglob("*.swift")):
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                match = IMPORT.match(line)
                if not match:
                    continue
                module = match.group(1)
                where = f"{source.relative_to(ROOT)}:{number}"
                if (module in targets or module in products) and module != name and module not in declared:
                    problems.append(f"{where}: {name} imports {module}, which Package.swift does not declare for it")
                if module in OWNERS and OWNERS[module] != name:
                    problems.append(f"{where}: {name} imports {module}; only {OWNERS[module]} may")
    for problem in problems:
        print(f"check-imports: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-imports: {len(targets)} targets import only what they declare; each C library and database client has one importer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
