global using Dm.TestSupport;
