"""Text generation backends: transformers (default), llama.cpp, OpenAI-compatible servers."""
