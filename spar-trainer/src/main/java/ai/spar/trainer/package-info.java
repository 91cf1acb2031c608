/**
 * The trainer: DPO for the actor and SFT for the refiner on DJL autograd over the runtime's Llama
 * decoder, from the job's Parquet tables to the next iteration's Hugging Face checkpoints. {@link
 * ai.spar.trainer.TrainingRun} is the entry point; {@link ai.spar.trainer.TrainConfig} the
 * settings.
 */
package ai.spar.trainer;
