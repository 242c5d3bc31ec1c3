namespace Dm.GitFixture;

internal static class Placeholder;
